package io.isula.runtime.kata;

import io.isula.core.api.LogEntry;
import io.isula.core.spi.ProcessOutput;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A container's own output: into its CRI log, and to every attachment. */
final class ContainerOutput implements ProcessIo.Sink {
    private static final System.Logger LOG = System.getLogger(ContainerOutput.class.getName());
    private final String id;
    private final CriLogWriter log;
    private final List<ProcessOutput> attached = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    ContainerOutput(String id, CriLogWriter log) {
        this.id = id;
        this.log = log;
    }

    void attach(ProcessOutput output) {
        if (ended) {
            output.closed();
            return;
        }
        attached.add(output);
    }

    void detach(ProcessOutput output) {
        attached.remove(output);
    }

    @Override
    public void output(LogEntry.Stream stream, byte[] data, int offset, int length) {
        try {
            log.write(stream, data, offset, length);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the log of container {0}: {1}", id, e.getMessage());
        }
        for (ProcessOutput o : attached) {
            o.output(stream, data, offset, length);
        }
    }

    @Override
    public void ended() {
        ended = true;
        for (ProcessOutput o : attached) {
            attached.remove(o);
            o.closed();
        }
    }

    void close() {
        log.close();
    }
}
