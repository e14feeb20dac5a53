package io.isula.core.util.conmon;


import com.sun.jna.Native;
import io.isula.core.spi.ProcessOutput;

import java.io.IOException;

/**
 * The one thread of an exec: relays the attach socket's packets and waits for conmon's exit message on the sync
 * FIFO. conmon closes the attach connection (after the last output) before it reports the exit, so the exit is
 * reported after all output, then the end.
 */
final class ExecMonitor implements Runnable {
    private static final System.Logger LOG = System.getLogger(ExecMonitor.class.getName());
    private static final int PACKET = 32 * 1024;

    private final SeqPacketSocket socket;
    private final FifoReader sync;
    private final ProcessOutput output;
    private final Runnable cleanUp;

    ExecMonitor(SeqPacketSocket socket, FifoReader sync, ProcessOutput output, Runnable cleanUp) {
        this.socket = socket;
        this.sync = sync;
        this.output = output;
        this.cleanUp = cleanUp;
    }

    @Override
    public void run() {
        Integer exit = null;
        boolean attached = socket != null;
        byte[] packet = new byte[PACKET];
        try {
            while (true) {
                exit = exitIn(exit);
                if (!attached && (exit != null || sync.atEof())) {
                    break;
                }
                int[] fds = attached && !sync.atEof()
                        ? new int[] {socket.fd(), Libc.POLLIN, sync.fd(), Libc.POLLIN}
                        : attached ? new int[] {socket.fd(), Libc.POLLIN} : new int[] {sync.fd(), Libc.POLLIN};
                int r = Libc.C.poll(fds, fds.length / 2, -1);
                if (r < 0) {
                    int errno = Native.getLastError();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    throw new IOException("poll: " + Libc.error(errno));
                }
                for (int i = 0; i < fds.length; i += 2) {
                    if ((fds[i + 1] >>> 16) == 0) {
                        continue;
                    }
                    if (attached && fds[i] == socket.fd()) {
                        int n = socket.receive(packet);
                        if (n < 0) {
                            // conmon closed it (the process ended) or the client detached: free it now, the
                            // process may run on for long
                            attached = false;
                            socket.release();
                        } else {
                            AttachConnection.deliver(output, packet, n);
                        }
                    } else {
                        sync.fill();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "exec monitor failed: {0}", e.toString());
        } finally {
            if (socket != null) {
                socket.release();
            }
            sync.close();
            try {
                output.exited(exit == null ? -1 : exit);
                output.closed();
            } finally {
                cleanUp.run();
            }
        }
    }

    /** The exit code once conmon sent it (its second message; the first, the pid, was read at start). */
    private Integer exitIn(Integer known) {
        String line;
        Integer exit = known;
        while ((line = sync.takeLine()) != null) {
            try {
                SyncMessage m = SyncMessage.parse(line);
                if (exit == null) {
                    exit = m.data();
                }
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "exec: {0}", e.getMessage());
            }
        }
        return exit;
    }
}
