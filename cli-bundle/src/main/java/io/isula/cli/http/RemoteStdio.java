package io.isula.cli.http;

import io.isula.core.api.EngineException;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * An attachment over a hijacked connection: one thread copies the output to the sink (and closes it at the end);
 * input, its end, resizes (a separate request) and detaching go out on the caller's thread.
 */
final class RemoteStdio implements StdioStream {
    private final HijackedStream stream;
    private final BiConsumer<Integer, Integer> resizer;

    private RemoteStdio(HijackedStream stream, BiConsumer<Integer, Integer> resizer) {
        this.stream = stream;
        this.resizer = resizer;
    }

    static RemoteStdio start(HijackedStream stream, StdioSink sink, BiConsumer<Integer, Integer> resizer) {
        RemoteStdio r = new RemoteStdio(stream, resizer);
        Thread t = new Thread(() -> {
            try {
                StdioDecoder.pump(stream.output(), stream.multiplexed(), sink);
            } catch (IOException e) {
                // the connection ended; what arrived was delivered
            } finally {
                stream.close();
                sink.closed();
            }
        }, "isula-stdio");
        t.setDaemon(true);
        t.start();
        return r;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        try {
            stream.write(data, offset, length);
        } catch (IOException e) {
            throw new DaemonUnreachableException("writing to the daemon failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void closeStdin() {
        try {
            stream.closeInput();
        } catch (IOException ignored) {
            // the connection is gone already
        }
    }

    @Override
    public void resize(int height, int width) {
        try {
            resizer.accept(height, width);
        } catch (EngineException ignored) {
            // a resize racing the process's exit is harmless
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
