package io.isula.image.oci.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * commons-compress's tar reader with the checks a layer needs on top: every header's checksum, a 1 MiB cap on
 * PAX and GNU long-name records (their content is held in memory), an end-of-archive marker required (a tar
 * cut at an entry boundary is truncated, not complete), and each entry's PAX records as raw bytes (names and
 * extended attribute values byte for byte). Header names are read as ISO-8859-1: one char per byte.
 */
final class LayerTarInputStream extends TarArchiveInputStream {
    static final int MAX_SPECIAL_RECORD = 1 << 20;
    private static final int TYPE_OFFSET = 156;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int OLD_GNU_SPARSE_EXTENDED_OFFSET = 482;
    private static final int SPARSE_HEADER_EXTENDED_OFFSET = 504;

    private final ByteArrayOutputStream paxData = new ByteArrayOutputStream();
    private long recordsRead;
    private boolean endMarkerSeen;
    private boolean sparseExtensionFollows;
    private PaxRecords pax = PaxRecords.NONE;

    LayerTarInputStream(InputStream in) {
        super(in, TarConstants.DEFAULT_BLKSIZE, TarConstants.DEFAULT_RCDSIZE, Names.BYTES.name(), false);
    }

    /** The next entry, or null after the end-of-archive marker; a stream ending before it is truncated. */
    TarArchiveEntry nextEntry() throws IOException {
        paxData.reset();
        TarArchiveEntry entry = getNextEntry();
        if (entry == null && !endMarkerSeen) {
            throw new LayerException(recordsRead == 0
                    ? "not a tar stream: shorter than one 512-byte tar header"
                    : "truncated tar stream: it ends without the end-of-archive blocks");
        }
        pax = paxData.size() == 0 ? PaxRecords.NONE : PaxRecords.parse(paxData.toByteArray(), paxData.size());
        return entry;
    }

    /** The current entry's name, byte for byte (see {@link Names}), from its PAX header if it has one. */
    String name() {
        return pax.path() != null ? Names.of(pax.path()) : getCurrentEntry().getName();
    }

    /** The current entry's link target, byte for byte. */
    String linkName() {
        return pax.linkPath() != null ? Names.of(pax.linkPath()) : getCurrentEntry().getLinkName();
    }

    /** The extended attributes the current entry's PAX header carries (names as in the tar, values raw). */
    Map<String, byte[]> xattrs() {
        return pax.xattrs();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && current.isPaxHeader()) {
            paxData.write(buf, off, n);
        }
        return n;
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] record = super.readRecord();
        if (record == null || endMarkerSeen) {
            return record;
        }
        long index = recordsRead++;
        if (isAllZero(record)) {
            endMarkerSeen = true;
            return record;
        }
        if (sparseExtensionFollows) {
            sparseExtensionFollows = record[SPARSE_HEADER_EXTENDED_OFFSET] != 0;
            return record;
        }
        if (!checksumMatches(record)) {
            throw new LayerException(index == 0 ? "not a tar stream: the first header's checksum is wrong"
                    : "corrupt tar stream: bad header checksum at record " + index);
        }
        byte type = record[TYPE_OFFSET];
        if (type == TarConstants.LF_PAX_EXTENDED_HEADER_LC || type == TarConstants.LF_PAX_EXTENDED_HEADER_UC
                || type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER || type == TarConstants.LF_GNUTYPE_LONGNAME
                || type == TarConstants.LF_GNUTYPE_LONGLINK) {
            long size;
            try {
                size = TarUtils.parseOctalOrBinary(record, SIZE_OFFSET, SIZE_LENGTH);
            } catch (IllegalArgumentException e) {
                throw new LayerException("corrupt tar stream: bad size in a PAX or long-name header: " + e.getMessage());
            }
            if (size < 0 || size > MAX_SPECIAL_RECORD) {
                throw new LayerException("tar PAX or long-name header of " + size + " bytes (limit "
                        + MAX_SPECIAL_RECORD + ")");
            }
        }
        sparseExtensionFollows = type == TarConstants.LF_GNUTYPE_SPARSE && record[OLD_GNU_SPARSE_EXTENDED_OFFSET] != 0;
        return record;
    }

    private static boolean checksumMatches(byte[] record) {
        try {
            return TarUtils.verifyCheckSum(record);
        } catch (IllegalArgumentException e) { // the checksum field itself is not a number
            return false;
        }
    }

    private static boolean isAllZero(byte[] record) {
        for (byte b : record) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
