package io.isula.image.oci.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc functions the layer code calls, bound by JNA direct mapping (cheap per call: layers have
 * thousands of entries). Paths are NUL-terminated byte strings so that file names never pass through the
 * JVM's locale-dependent path encoding. Every call that fails throws {@link LastErrorException} with errno.
 */
final class LibcCalls {
    static {
        Native.register(LibcCalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibcCalls() {
    }

    // open(2) is variadic; with integer arguments only the fixed-argument call is ABI-compatible on Linux.
    static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int mount(byte[] source, byte[] target, byte[] fstype, long flags, byte[] data) throws LastErrorException;

    static native int umount2(byte[] target, int flags) throws LastErrorException;

    static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    static native int mkdir(byte[] path, int mode) throws LastErrorException;

    static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

    static native int symlink(byte[] target, byte[] linkPath) throws LastErrorException;

    static native int link(byte[] oldPath, byte[] newPath) throws LastErrorException;

    static native int unlink(byte[] path) throws LastErrorException;

    static native int rmdir(byte[] path) throws LastErrorException;

    static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

    static native int fchown(int fd, int uid, int gid) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    /** {@code times}: atime seconds, atime nanoseconds, mtime seconds, mtime nanoseconds (two struct timespec). */
    static native int utimensat(int dirFd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int futimens(int fd, long[] times) throws LastErrorException;

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    /** statx(2): one struct layout on every architecture, unlike struct stat. */
    static native int statx(int dirFd, byte[] path, int flags, int mask, byte[] statx) throws LastErrorException;

    static native long readlink(byte[] path, byte[] buf, long size) throws LastErrorException;

    static native Pointer opendir(byte[] path) throws LastErrorException;

    /** Returns NULL at the end of the directory (errno unchanged) and on error (errno set). */
    static native Pointer readdir(Pointer dir);

    static native int closedir(Pointer dir) throws LastErrorException;

    /** ioctl(2) with a pointer to an int as its argument (variadic, but a pointer travels as in a fixed call). */
    static native int ioctl(int fd, long request, int[] argument) throws LastErrorException;

    static native int geteuid();

    static native int getegid();

    static native String strerror(int errno);
}
