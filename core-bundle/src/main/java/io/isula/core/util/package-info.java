/** Infrastructure helpers shared by the kernel and providers: atomic files, processes, signals, JSON. */
@Export
@Version("1.2.0")
package io.isula.core.util;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
