/**
 * Working with conmon, the per-container monitor that runtimes share: its exit files and their watcher, its log
 * rotation and ctl FIFO, its attach socket (SOCK_SEQPACKET), its sync-pipe messages and the FIFOs they come on,
 * whether a conmon is alive, execs under conmon ({@link io.isula.core.util.conmon.ConmonExec}) for any runtime that
 * conmon can call, and pseudo-terminals handed to conmon for runtimes that cannot make them.
 */
@Export
@Version("1.3.0")
package io.isula.core.util.conmon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
