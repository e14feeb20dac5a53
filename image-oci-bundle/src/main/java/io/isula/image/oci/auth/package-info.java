/** Registry credentials kept by the daemon: {@code auths.json}, encrypted at rest with a key file beside it. */
package io.isula.image.oci.auth;
