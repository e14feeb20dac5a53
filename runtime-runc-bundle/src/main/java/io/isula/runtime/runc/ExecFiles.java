package io.isula.runtime.runc;

import java.nio.file.Path;

/**
 * The files of one exec session, in {@code <container state dir>/exec/<exec id>/}: conmon's "bundle" for it (its attach
 * socket and ctl FIFO land here), the process spec, the sync and start FIFOs, the pid files and runc's log.
 *
 * @param socketLink {@code <socketDir>/<exec id>}: conmon's short link to {@code dir}, through which the attach socket
 *                   path fits in sun_path
 */
record ExecFiles(Path dir, Path socketLink) {
    static ExecFiles of(Path containerStateDir, RuntimeLayout rt, String execId) {
        return new ExecFiles(containerStateDir.toAbsolutePath().resolve("exec").resolve(execId),
                rt.socketDir().resolve(execId));
    }

    Path processJson() { return dir.resolve("process.json"); }

    Path sync() { return dir.resolve("sync"); }

    Path start() { return dir.resolve("start"); }

    Path pidFile() { return dir.resolve("pid"); }

    Path conmonPidFile() { return dir.resolve("conmon.pid"); }

    Path conmonLog() { return dir.resolve("conmon.log"); }

    Path runcLog() { return dir.resolve("runc.log"); }

    Path ctl() { return dir.resolve("ctl"); }

    Path attachSocket() { return socketLink.resolve("attach"); }
}
