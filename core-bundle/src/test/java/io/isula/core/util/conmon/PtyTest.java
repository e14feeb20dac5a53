package io.isula.core.util.conmon;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PtyTest {
    /** The receiving side only tests need. */
    interface Receiver extends Library {
        Receiver C = Native.load("c", Receiver.class);

        long recvmsg(int fd, Pointer message, int flags);
    }

    @TempDir
    Path tmp;

    @Test
    void theSlaveHasTheSizeSetOnTheMaster() throws Exception {
        try (Pty pty = Pty.open()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            pty.resize(33, 111);
            int slave = Libc.C.open(pty.slavePath(), Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
            assertTrue(slave >= 0, "open " + pty.slavePath());
            try {
                short[] size = new short[4];
                assertEquals(0, Libc.C.ioctl(slave, Libc.TIOCGWINSZ, size));
                assertEquals(33, size[0]);
                assertEquals(111, size[1]);
            } finally {
                Libc.C.close(slave);
            }
            assertThrows(IllegalArgumentException.class, () -> pty.resize(0, 80));
        }
    }

    @Test
    void theMasterArrivesOverTheConsoleSocketAndCarriesTheSlavesOutput() throws Exception {
        Path socket = tmp.resolve("console.sock");
        int listener = listen(socket);
        try (Pty pty = Pty.open()) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> receiveFd(listener));
            pty.sendMaster(socket);
            int master = received.get(5, TimeUnit.SECONDS);
            pty.close();
            int slave = Libc.C.open(pty.slavePath(), Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
            try {
                byte[] hello = "hi\n".getBytes(StandardCharsets.US_ASCII);
                assertEquals(hello.length, Libc.C.write(slave, hello, hello.length));
                byte[] got = new byte[16];
                long n = Libc.C.read(master, got, got.length);
                assertTrue(n >= 2, "read " + n);
                assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(got, 2));
            } finally {
                Libc.C.close(slave);
                Libc.C.close(master);
            }
        } finally {
            Libc.C.close(listener);
        }
    }

    @Test
    void aMissingConsoleSocketIsNamedInTheError() throws Exception {
        try (Pty pty = Pty.open()) {
            IOException e = assertThrows(IOException.class, () -> pty.sendMaster(tmp.resolve("absent.sock")));
            assertTrue(e.getMessage().contains("absent.sock"), e.getMessage());
        }
    }

    private static int listen(Path path) {
        int fd = Libc.C.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[110];
        address[0] = (byte) Libc.AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
        assertEquals(0, Libc.C.bind(fd, address, 2 + name.length + 1));
        assertEquals(0, Libc.C.listen(fd, 1));
        return fd;
    }

    /** Accepts one connection and returns the descriptor its SCM_RIGHTS message carried. */
    private static int receiveFd(int listener) {
        int conn = Libc.C.accept4(listener, null, null, Libc.SOCK_CLOEXEC);
        try {
            Memory block = new Memory(56 + 16 + 24 + 64);
            block.clear();
            block.setPointer(56, block.share(96));
            block.setLong(64, 64);
            block.setPointer(16, block.share(56));
            block.setLong(24, 1);
            block.setPointer(32, block.share(72));
            block.setLong(40, 24);
            long n = Receiver.C.recvmsg(conn, block, 0);
            assertEquals("/dev/ptmx".length(), n);
            assertEquals(Libc.SOL_SOCKET, block.getInt(72 + 8));
            assertEquals(Libc.SCM_RIGHTS, block.getInt(72 + 12));
            return block.getInt(72 + 16);
        } finally {
            Libc.C.close(conn);
        }
    }
}
