package io.isula.core.internal.spec;

import java.util.List;

/** Docker's defaults for a container's OCI spec: capabilities, masked and read-only paths, devices. */
final class SpecDefaults {
    static final String OCI_VERSION = "1.0.2";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount");

    /** type, major, minor (-1 = any): the character devices a default container may use. */
    static final List<int[]> ALLOWED_CHAR_DEVICES = List.of(
            new int[] {1, 3}, new int[] {1, 5}, new int[] {1, 7}, new int[] {1, 8}, new int[] {1, 9},
            new int[] {5, 0}, new int[] {5, 1}, new int[] {5, 2}, new int[] {136, -1}, new int[] {10, 200});

    private SpecDefaults() {
    }
}
