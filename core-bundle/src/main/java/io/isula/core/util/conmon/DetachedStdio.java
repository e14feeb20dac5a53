package io.isula.core.util.conmon;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ProcessStdio;

import java.nio.file.Path;

/** The stdio of an exec nobody attached to: no input, but its terminal can still be resized. */
final class DetachedStdio implements ProcessStdio {
    private final Path ctl;
    private final int pid;

    DetachedStdio(Path ctl, int pid) {
        this.ctl = ctl;
        this.pid = pid;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        throw EngineException.conflict("the process's stdin is not attached");
    }

    @Override
    public void closeStdin() {
    }

    @Override
    public void resize(int height, int width) {
        Fifos.resizeTerminal(ctl, height, width, "cannot resize: the process's monitor is gone");
    }

    @Override
    public void close() {
    }
}
