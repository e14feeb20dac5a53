/**
 * The engine's application API: the use cases a client (the daemon API, the CLI, the Gogo console) calls,
 * and the immutable values they exchange. The records serialize to the Docker Engine API's JSON shape.
 */
@Export
@Version("1.3.0")
package io.isula.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
