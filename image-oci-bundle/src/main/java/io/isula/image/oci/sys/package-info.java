/** Linux system calls through JNA: overlay mounts for the store; file creation, ownership, modes, times, xattrs and devices for layers. */
package io.isula.image.oci.sys;
