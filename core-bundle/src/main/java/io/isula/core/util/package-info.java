/** Infrastructure helpers shared by the kernel and providers: atomic files, processes, signals, JSON, progress pace. */
@Export
@Version("1.4.0")
package io.isula.core.util;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
