/** Running the engine as a library, outside OSGi: providers are found with {@link java.util.ServiceLoader}. */
@Export
@Version("1.0.0")
package io.isula.core.embed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
