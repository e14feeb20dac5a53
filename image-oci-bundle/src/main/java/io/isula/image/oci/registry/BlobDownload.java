package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.core.util.ProgressPace;
import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One blob into a partial file: resumed with {@code Range} from what the file holds (hashed first), restarted when the
 * registry ignores the range, cut off beyond the descriptor's size, verified by size and digest at the end. A broken
 * connection keeps the partial file for the next attempt; wrong content deletes it.
 */
final class BlobDownload {
    private static final int BUFFER = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final RegistryTransport transport;
    private final HttpIo io;

    BlobDownload(RegistryTransport transport, HttpIo io) {
        this.transport = transport;
        this.io = io;
    }

    void fetch(RegistryEndpoint endpoint, Descriptor blob, Path partial, LongConsumer progress) {
        fetch(endpoint, blob, partial, progress, null);
    }

    /** As above; {@code onDisk} (may be null) gets the file's length after every write into it (0 after a restart). */
    void fetch(RegistryEndpoint endpoint, Descriptor blob, Path partial, LongConsumer progress, LongConsumer onDisk) {
        long size = blob.size();
        MessageDigest hasher = blob.digest().newHasher();
        long have;
        try {
            Path parent = partial.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (size == 0) {
                empty(blob, partial, progress);
                return;
            }
            have = hashExisting(partial, size, hasher);
            if (have == size) {
                if (digestOf(blob.digest(), hasher).equals(blob.digest())) {
                    report(progress, size);
                    return;
                }
                Files.delete(partial);
                hasher.reset();
                have = 0;
            }
        } catch (IOException e) {
            throw local(partial, e);
        }
        report(progress, have);
        RegistryTransport.Exchange exchange = request(endpoint, blob, have);
        boolean restart = false;
        if (have > 0 && !resumes(exchange, have)) {
            // 200: the registry ignored the range; 416 or an odd range: ask for the whole blob
            if (exchange.status() != 200) {
                HttpIo.discard(exchange.response());
                exchange = request(endpoint, blob, 0);
            }
            restart = exchange.status() == 200;
        }
        if (restart) {
            hasher.reset();
            have = 0;
        }
        if (exchange.status() != 200 && !(have > 0 && exchange.status() == 206)) {
            throw statusFailure(exchange, blob);
        }
        long declared = exchange.response().headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared >= 0 && have + declared > size) {
            HttpIo.discard(exchange.response());
            RegistryFailure failure = oversized(exchange, blob, have + declared);
            deleteQuietly(partial, failure);
            throw failure;
        }
        // the file is opened only once the registry has agreed to send: a refused request leaves no empty file
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (restart) {
                file.truncate(0);
                report(onDisk, 0);
            }
            file.position(have);
            long count = copy(exchange, blob, file, partial, hasher, have, progress, onDisk);
            if (count < size) {
                throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "blob " + blob.digest() + " from "
                        + exchange.endpoint().authority() + " ended after " + count + " of " + size
                        + " bytes; the partial download is kept for a resume", true, null);
            }
            Digest actual = digestOf(blob.digest(), hasher);
            if (!actual.equals(blob.digest())) {
                throw discardAnd(file, partial, new RegistryFailure(EngineException.Kind.UNAVAILABLE, "blob " + blob.digest()
                        + " from " + exchange.endpoint().authority() + " does not match its digest (the content has "
                        + actual + "); the download is discarded"));
            }
            // not forced to disk: a layer blob lives only until it is unpacked, and one cut short by a power loss
            // fails its digest check when it is used again
            report(progress, size);
        } catch (IOException e) {
            HttpIo.discard(exchange.response());
            throw local(partial, e);
        } catch (RuntimeException e) {
            // onDisk's reader gave up on the download
            HttpIo.discard(exchange.response());
            throw e;
        }
    }

    /** A zero-length blob needs no request, only the right digest. */
    private static void empty(Descriptor blob, Path partial, LongConsumer progress) throws IOException {
        Digest actual = digestOf(blob.digest(), blob.digest().newHasher());
        if (!actual.equals(blob.digest())) {
            throw EngineException.invalid("blob " + blob.digest() + " has size 0, but an empty blob's digest is " + actual);
        }
        Files.write(partial, new byte[0]);
        report(progress, 0);
    }

    private static void deleteQuietly(Path partial, RegistryFailure failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** A small blob (an image config) into memory, verified. */
    byte[] fetchSmall(RegistryEndpoint endpoint, Descriptor blob, long maxBytes) {
        if (blob.size() > maxBytes) {
            throw EngineException.invalid("blob " + blob.digest() + " is " + blob.size() + " bytes, more than the limit of "
                    + maxBytes + " for it");
        }
        RegistryTransport.Exchange exchange = request(endpoint, blob, 0);
        if (exchange.status() != 200) {
            throw statusFailure(exchange, blob);
        }
        long declared = exchange.response().headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > blob.size()) {
            HttpIo.discard(exchange.response());
            throw oversized(exchange, blob, declared);
        }
        byte[] bytes = io.readBounded(exchange.response(), blob.size(), "blob " + blob.digest(),
                size -> oversized(exchange, blob, size));
        if (bytes.length < blob.size()) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "blob " + blob.digest() + " from "
                    + exchange.endpoint().authority() + " ended after " + bytes.length + " of " + blob.size() + " bytes",
                    true, null);
        }
        MessageDigest hasher = blob.digest().newHasher();
        hasher.update(bytes);
        Digest actual = digestOf(blob.digest(), hasher);
        if (!actual.equals(blob.digest())) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "blob " + blob.digest() + " from "
                    + exchange.endpoint().authority() + " does not match its digest (the content has " + actual + ")");
        }
        return bytes;
    }

    private RegistryTransport.Exchange request(RegistryEndpoint endpoint, Descriptor blob, long from) {
        Map<String, String> headers = from > 0 ? Map.of("Range", "bytes=" + from + "-") : Map.of();
        return transport.get(endpoint, e -> e.blobUri(blob.digest()), headers, endpoint.pullScope());
    }

    /** Whether a ranged answer continues at {@code have}: 206 with a Content-Range starting there. */
    private static boolean resumes(RegistryTransport.Exchange exchange, long have) {
        if (exchange.status() != 206) {
            return false;
        }
        Matcher m = CONTENT_RANGE.matcher(exchange.response().headers().firstValue("Content-Range").orElse(""));
        return m.matches() && Long.parseLong(m.group(1)) == have;
    }

    private long copy(RegistryTransport.Exchange exchange, Descriptor blob, FileChannel file, Path partial,
                      MessageDigest hasher, long have, LongConsumer progress, LongConsumer onDisk) throws IOException {
        long size = blob.size();
        long count = have;
        ProgressPace pace = new ProgressPace();
        HttpResponse<InputStream> response = exchange.response();
        InputStream in = response.body();
        byte[] buffer = new byte[BUFFER];
        try (StallGuard guard = new StallGuard(io.scheduler(), io.options().stallTimeout(), in)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, size - count + 1));
                } catch (IOException e) {
                    throw brokenOff(exchange, blob, count, HttpIo.stalled(guard, e) ? io.stalled() : RegistryFailure.rootMessage(e), e);
                }
                if (n < 0) {
                    if (guard.fired()) {
                        throw brokenOff(exchange, blob, count, io.stalled(), null);
                    }
                    return count;
                }
                guard.progress();
                if (count + n > size) {
                    throw discardAnd(file, partial, oversized(exchange, blob, count + n));
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    file.write(chunk);
                }
                hasher.update(buffer, 0, n);
                count += n;
                report(onDisk, count);
                if (pace.due()) {
                    report(progress, count); // and once the blob is complete
                }
            }
        } finally {
            HttpIo.discard(response);
        }
    }

    private static long hashExisting(Path partial, long size, MessageDigest hasher) throws IOException {
        long have;
        try {
            have = Files.size(partial);
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (have > size) {
            Files.delete(partial);
            return 0;
        }
        if (have == 0) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(partial)) {
            byte[] buffer = new byte[BUFFER];
            long left = have;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                hasher.update(buffer, 0, n);
                left -= n;
            }
            return have - left;
        }
    }

    private static RegistryFailure discardAnd(FileChannel file, Path partial, RegistryFailure failure) {
        try {
            file.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        deleteQuietly(partial, failure);
        return failure;
    }

    private static RegistryFailure oversized(RegistryTransport.Exchange exchange, Descriptor blob, long atLeast) {
        return new RegistryFailure(EngineException.Kind.UNAVAILABLE, "blob " + blob.digest() + " from "
                + exchange.endpoint().authority() + " is larger than its descriptor's " + blob.size() + " bytes (at least "
                + atLeast + "); the download is discarded");
    }

    private static RegistryFailure brokenOff(RegistryTransport.Exchange exchange, Descriptor blob, long count, String why,
                                             Throwable cause) {
        return new RegistryFailure(EngineException.Kind.UNAVAILABLE, "download of blob " + blob.digest() + " from "
                + exchange.endpoint().authority() + " broke off after " + count + " of " + blob.size() + " bytes (" + why
                + "); the partial download is kept for a resume", true, cause);
    }

    private RegistryFailure statusFailure(RegistryTransport.Exchange exchange, Descriptor blob) {
        int status = exchange.status();
        String why = RegistryFailure.describe(status, io.errorBody(exchange.response()));
        RegistryEndpoint endpoint = exchange.endpoint();
        String where = endpoint.registry() + "/" + endpoint.repository() + " at " + endpoint.authority();
        return switch (status) {
            case 404 -> new RegistryFailure(EngineException.Kind.NOT_FOUND, "blob " + blob.digest() + " not found in " + where
                    + ": " + why);
            case 401, 403 -> new RegistryFailure(EngineException.Kind.UNAUTHORIZED, "access to blob " + blob.digest() + " of "
                    + where + " denied: " + why);
            default -> new RegistryFailure(EngineException.Kind.UNAVAILABLE, endpoint.authority() + " answered " + status
                    + " for blob " + blob.digest() + " of " + endpoint.registry() + "/" + endpoint.repository() + ": " + why);
        };
    }

    private static EngineException local(Path partial, IOException e) {
        return EngineException.internal("cannot write the download " + partial + ": " + e.getMessage(), e);
    }

    private static Digest digestOf(Digest expected, MessageDigest hasher) {
        return new Digest(expected.algorithm(), HexFormat.of().formatHex(hasher.digest()));
    }

    private static void report(LongConsumer progress, long bytes) {
        if (progress != null) {
            progress.accept(bytes);
        }
    }
}
