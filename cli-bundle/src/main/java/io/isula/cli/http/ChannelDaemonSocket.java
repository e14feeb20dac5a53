package io.isula.cli.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The daemon's socket through the JDK's Unix-domain channel: the client's connection where its library is absent. */
final class ChannelDaemonSocket implements DaemonSocket {
    private final SocketChannel channel;

    private ChannelDaemonSocket(SocketChannel channel) {
        this.channel = channel;
    }

    static DaemonSocket connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ChannelDaemonSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] data, int offset, int length) throws IOException {
        try {
            return channel.read(ByteBuffer.wrap(data, offset, length));
        } catch (ClosedChannelException e) {
            return -1;
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to lose
        }
    }
}
