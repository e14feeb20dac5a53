package io.isula.runtime.kata.task;

import io.isula.runtime.kata.ttrpc.ProtoReader;
import io.isula.runtime.kata.ttrpc.ProtoWriter;

/**
 * The counters this engine reads from {@code io.containerd.cgroups.v1.Metrics}, the Stats payload of a shim on a
 * cgroup v1 host: pids 2 {current 1, limit 2}; cpu 3 {usage 1 {total 1, kernel 2, user 3}}; memory 4 {cache 1,
 * total_cache 18, total_inactive_file 30, usage 33, kernel 35 (MemoryEntry: limit 1, usage 2, max 3)}; blkio 5
 * {io_service_bytes_recursive 1 (BlkIOEntry: op 1, value 5)}.
 */
public record CgroupMetrics(long cpuTotal, long cpuKernel, long cpuUser, long memoryUsage, long memoryMax,
                            long memoryLimit, long cache, long inactiveFile, long kernelUsage, long blkioRead,
                            long blkioWrite, long pids, long pidsLimit) {
    public static final String TYPE_V1 = "io.containerd.cgroups.v1.Metrics";

    public static CgroupMetrics decode(byte[] b) {
        long[] v = new long[13];
        ProtoReader r = new ProtoReader(b);
        while (r.next()) {
            switch (r.field()) {
                case 2 -> {
                    ProtoReader p = new ProtoReader(r.bytes());
                    while (p.next()) {
                        if (p.field() == 1) v[11] = p.varint();
                        else if (p.field() == 2) v[12] = p.varint();
                    }
                }
                case 3 -> {
                    ProtoReader cpu = new ProtoReader(r.bytes());
                    while (cpu.next()) {
                        if (cpu.field() == 1) {
                            ProtoReader u = new ProtoReader(cpu.bytes());
                            while (u.next()) {
                                if (u.field() >= 1 && u.field() <= 3) v[u.field() - 1] = u.varint();
                            }
                        }
                    }
                }
                case 4 -> memory(r.bytes(), v);
                case 5 -> {
                    ProtoReader blkio = new ProtoReader(r.bytes());
                    while (blkio.next()) {
                        if (blkio.field() == 1) {
                            ProtoReader e = new ProtoReader(blkio.bytes());
                            String op = "";
                            long value = 0;
                            while (e.next()) {
                                if (e.field() == 1) op = e.string();
                                else if (e.field() == 5) value = e.varint();
                            }
                            if (op.equalsIgnoreCase("read")) v[9] += value;
                            else if (op.equalsIgnoreCase("write")) v[10] += value;
                        }
                    }
                }
                default -> { }
            }
        }
        return new CgroupMetrics(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    }

    private static void memory(byte[] b, long[] v) {
        long cache = 0, totalCache = 0;
        ProtoReader m = new ProtoReader(b);
        while (m.next()) {
            switch (m.field()) {
                case 1 -> cache = m.varint();
                case 18 -> totalCache = m.varint();
                case 30 -> v[7] = m.varint();
                case 33 -> {
                    long[] e = entry(m.bytes());
                    v[5] = e[0];
                    v[3] = e[1];
                    v[4] = e[2];
                }
                case 35 -> v[8] = entry(m.bytes())[1];
                default -> { }
            }
        }
        v[6] = totalCache != 0 ? totalCache : cache;
    }

    private static long[] entry(byte[] b) {
        long[] e = new long[3];
        ProtoReader r = new ProtoReader(b);
        while (r.next()) {
            if (r.field() >= 1 && r.field() <= 3) e[r.field() - 1] = r.varint();
        }
        return e;
    }

    /** The same subset written back (for tests and fakes). */
    public byte[] encode() {
        byte[] usage = new ProtoWriter().varint(1, cpuTotal).varint(2, cpuKernel).varint(3, cpuUser).toByteArray();
        byte[] memory = new ProtoWriter().varint(18, cache).varint(30, inactiveFile)
                .message(33, new ProtoWriter().varint(1, memoryLimit).varint(2, memoryUsage).varint(3, memoryMax).toByteArray())
                .message(35, new ProtoWriter().varint(2, kernelUsage).toByteArray()).toByteArray();
        byte[] blkio = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "Read").varint(5, blkioRead).toByteArray())
                .message(1, new ProtoWriter().string(1, "Write").varint(5, blkioWrite).toByteArray()).toByteArray();
        return new ProtoWriter().message(2, new ProtoWriter().varint(1, pids).varint(2, pidsLimit).toByteArray())
                .message(3, new ProtoWriter().message(1, usage).toByteArray()).message(4, memory).message(5, blkio)
                .toByteArray();
    }
}
