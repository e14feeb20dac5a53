/**
 * A small tar codec (POSIX ustar with pax headers for long names, links and sizes) for copying files in and out of
 * containers ({@code cp}, Docker's {@code /containers/{id}/archive}).
 */
@Export
@Version("1.0.0")
package io.isula.core.util.tar;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
