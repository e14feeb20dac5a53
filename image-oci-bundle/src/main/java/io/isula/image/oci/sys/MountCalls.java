package io.isula.image.oci.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;

/** The libc calls {@link Mounts} needs, through JNA. */
interface MountCalls extends Library {
    int MNT_DETACH = 2;
    int EINVAL = 22;
    int ENOENT = 2;
    int EBUSY = 16;
    /** O_PATH | O_CLOEXEC: same value on every Linux architecture (asm-generic). */
    int O_PATH_CLOEXEC = 010000000 | 02000000;

    int mount(String source, String target, String fstype, NativeLong flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
