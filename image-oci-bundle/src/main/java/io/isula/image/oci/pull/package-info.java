/** Pull orchestration: registry to store, layers in parallel, the image registered last. */
package io.isula.image.oci.pull;
