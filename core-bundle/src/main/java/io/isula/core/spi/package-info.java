/**
 * The kernel's extension points: image-type providers (iSulad {@code bim_ops}) and runtime providers
 * (iSulad {@code rt_ops}). A provider is a Declarative Services component registered under one of these
 * interfaces; outside OSGi the same classes are found through {@link java.util.ServiceLoader}.
 */
@Export
@Version("1.3.0")
package io.isula.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
