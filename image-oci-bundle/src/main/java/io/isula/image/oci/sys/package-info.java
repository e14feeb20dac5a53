/** Linux calls the image store needs: overlay mounts (JNA bindings to libc). */
package io.isula.image.oci.sys;
