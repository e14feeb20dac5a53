/** Reading a process's cgroup v1 counters (what {@code stats} reports), whatever runtime placed it there. */
@Export
@Version("1.0.0")
package io.isula.core.util.cgroup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
