/** Linux system calls through JNA for the layer code: file creation, ownership, modes, times, xattrs, devices. */
package io.isula.image.oci.sys;
