/** Layer tar streams: safe unpacking into a layer directory, and tar writing of a tree. */
package io.isula.image.oci.layer;
