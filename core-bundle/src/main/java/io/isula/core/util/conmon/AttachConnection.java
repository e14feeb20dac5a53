package io.isula.core.util.conmon;

import io.isula.core.api.EngineException;
import io.isula.core.api.LogEntry;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * A connection to a conmon attach socket: one thread receives its packets (stream byte 2 stdout, 3 stderr, then the
 * data) and hands them to the kernel; input goes out on the caller's thread; resizes go through conmon's ctl FIFO.
 */
public final class AttachConnection implements ProcessStdio {
    private static final System.Logger LOG = System.getLogger(AttachConnection.class.getName());
    private static final int CONMON_STDERR = 3;
    /** conmon sends at most 8 KiB of output per packet, plus its stream byte. */
    private static final int PACKET = 32 * 1024;

    private final SeqPacketSocket socket;
    private final Path ctl;
    private final IntSupplier pid;

    private AttachConnection(SeqPacketSocket socket, Path ctl, IntSupplier pid) {
        this.socket = socket;
        this.ctl = ctl;
        this.pid = pid;
    }

    /**
     * Connects and starts the receiving thread, which ends with {@link ProcessOutput#closed()} when conmon closes the
     * connection (the process exited) or {@link #close()} is called.
     */
    public static AttachConnection open(Path attachSocket, Path ctl, ProcessOutput output, String threadName,
                                 IntSupplier pid) throws IOException {
        SeqPacketSocket s = SeqPacketSocket.connect(attachSocket);
        AttachConnection c = new AttachConnection(s, ctl, pid);
        Thread t = new Thread(() -> c.receive(output), threadName);
        t.setDaemon(true);
        t.start();
        return c;
    }

    /** Wraps a socket that someone else receives from (an exec's monitor). */
    public static AttachConnection of(SeqPacketSocket socket, Path ctl, IntSupplier pid) {
        return new AttachConnection(socket, ctl, pid);
    }

    private void receive(ProcessOutput output) {
        byte[] buf = new byte[PACKET];
        try {
            while (true) {
                int n = socket.receive(buf);
                if (n < 0) {
                    break;
                }
                deliver(output, buf, n);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach connection ended: {0}", e.toString());
        } finally {
            socket.release();
            output.closed();
        }
    }

    /** One packet from conmon to the kernel; an empty one carries nothing. */
    public static void deliver(ProcessOutput output, byte[] packet, int length) {
        if (length > 1) {
            LogEntry.Stream stream = packet[0] == CONMON_STDERR ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;
            output.output(stream, packet, 1, length - 1);
        }
    }

    @Override
    public int pid() {
        return pid.getAsInt();
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        try {
            socket.send(data, offset, length);
        } catch (IOException e) {
            throw EngineException.conflict("cannot write to the process's stdin: " + e.getMessage());
        }
    }

    @Override
    public void closeStdin() {
        socket.shutdownOutput();
    }

    @Override
    public void resize(int height, int width) {
        Fifos.resizeTerminal(ctl, height, width, "cannot resize: the process's monitor is gone");
    }

    @Override
    public void close() {
        socket.shutdown();
    }
}
