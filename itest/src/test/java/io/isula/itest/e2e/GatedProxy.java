package io.isula.itest.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (the registry), byte for byte, with a gate: until
 * {@link #open()}, a connection that has passed {@code holdAfterBytes} bytes towards the client stops there, so a
 * large download is caught half-way, deterministically. Once open, held connections go on and new ones pass freely.
 */
final class GatedProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final long holdAfterBytes;
    private final ServerSocket server;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gated-proxy");
        t.setDaemon(true);
        return t;
    });

    GatedProxy(String targetHost, int targetPort, long holdAfterBytes) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.holdAfterBytes = holdAfterBytes;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new AssertionError("cannot start the proxy: " + e, e);
        }
        pool.submit(this::acceptLoop);
    }

    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Whether a connection is stopped at the gate now. */
    boolean holding() {
        return held.get() > 0;
    }

    /** Lets every connection through from now on. */
    void open() {
        gate.countDown();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        pool.submit(() -> pump(client, upstream, false));
        pump(upstream, client, true);
    }

    private void pump(Socket from, Socket to, boolean towardsClient) {
        byte[] buf = new byte[64 * 1024];
        long passed = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (towardsClient && gate.getCount() > 0 && passed + n > holdAfterBytes) {
                    held.incrementAndGet();
                    try {
                        while (!gate.await(100, TimeUnit.MILLISECONDS)) {
                            if (to.isClosed() || server.isClosed()) return;
                        }
                    } finally {
                        held.decrementAndGet();
                    }
                }
                out.write(buf, 0, n);
                passed += n;
            }
        } catch (IOException e) {
            // one side went away: close both
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        open();
        closeQuietly2();
        pool.shutdownNow();
    }

    private void closeQuietly2() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
