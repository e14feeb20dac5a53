package io.isula.image.oci.layer;

import java.util.Map;

/** What a tar header says about an entry besides its name and type: applied after the entry is written. */
record EntryMetadata(int mode, long uid, long gid, long atimeSeconds, int atimeNanos, long mtimeSeconds,
        int mtimeNanos, Map<String, byte[]> xattrs) {

    /** Permission bits with setuid, setgid and sticky. */
    int permissions() {
        return mode & 07777;
    }
}
