package io.isula.runtime.lxc;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * liblxc 5 through JNA: one {@code struct lxc_container} per call (or per {@link Handle} for a series), its methods called through the function pointers
 * at their x86-64 offsets. Only the queries and controls that talk to a running container's monitor over its command
 * socket are used here (state, init pid, freeze, cgroup items, stop): none of them forks the JVM. Starting goes
 * through {@code lxc-execute}, which keeps the command's exit code and stdio.
 */
final class Liblxc {
    private static final int ERROR_STRING = 56;
    private static final int STATE = 88;
    private static final int FREEZE = 104;
    private static final int UNFREEZE = 112;
    private static final int INIT_PID = 120;
    private static final int STOP = 152;
    private static final int GET_CGROUP_ITEM = 312;
    private static final int SET_CGROUP_ITEM = 320;

    private final Function containerNew;
    private final Function containerPut;
    private final String lxcPath;

    Liblxc(String lxcPath) {
        NativeLibrary lib = NativeLibrary.getInstance("liblxc.so.1");
        this.containerNew = lib.getFunction("lxc_container_new");
        this.containerPut = lib.getFunction("lxc_container_put");
        this.lxcPath = lxcPath;
    }

    /** lxc's state name: STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED. */
    String state(String name) {
        return with(name, Liblxc::stateOf);
    }

    /** One container opened for a series of queries (each one still asks the container's monitor afresh). */
    Handle open(String name) {
        return new Handle(containerNew(name));
    }

    final class Handle implements AutoCloseable {
        private final Pointer container;

        private Handle(Pointer container) {
            this.container = container;
        }

        String state() {
            return stateOf(container);
        }

        @Override
        public void close() {
            containerPut.invokeInt(new Object[] {container});
        }
    }

    private static String stateOf(Pointer c) {
        String s = method(c, STATE).invokeString(new Object[] {c}, false);
        return s == null ? "STOPPED" : s;
    }

    /** The pid of the container's init (lxc's init under lxc-execute), or -1 when it does not run. */
    int initPid(String name) {
        return with(name, c -> method(c, INIT_PID).invokeInt(new Object[] {c}));
    }

    void freeze(String name) {
        call(name, FREEZE, "freeze");
    }

    void unfreeze(String name) {
        call(name, UNFREEZE, "unfreeze");
    }

    void stop(String name) {
        call(name, STOP, "stop");
    }

    /** A cgroup file of the running container, e.g. {@code memory.limit_in_bytes}; empty when lxc cannot read it. */
    Optional<String> cgroupItem(String name, String key) {
        return with(name, c -> {
            byte[] buffer = new byte[4096];
            int n = method(c, GET_CGROUP_ITEM).invokeInt(new Object[] {c, key, buffer, buffer.length});
            if (n < 0) {
                return Optional.empty();
            }
            return Optional.of(new String(buffer, 0, Math.min(n, buffer.length), StandardCharsets.UTF_8).strip());
        });
    }

    void setCgroupItem(String name, String key, String value) {
        with(name, c -> {
            if (!bool(method(c, SET_CGROUP_ITEM).invoke(Byte.class, new Object[] {c, key, value}))) {
                throw new LxcError("set " + key + " = " + value, errorOf(c));
            }
            return null;
        });
    }

    private void call(String name, int offset, String what) {
        with(name, c -> {
            if (!bool(method(c, offset).invoke(Byte.class, new Object[] {c}))) {
                throw new LxcError(what, errorOf(c));
            }
            return null;
        });
    }

    private interface Body<T> {
        T apply(Pointer container);
    }

    private <T> T with(String name, Body<T> body) {
        Pointer c = containerNew(name);
        try {
            return body.apply(c);
        } finally {
            containerPut.invokeInt(new Object[] {c});
        }
    }

    private Pointer containerNew(String name) {
        Pointer c = (Pointer) containerNew.invoke(Pointer.class, new Object[] {name, lxcPath});
        if (c == null) {
            throw new LxcError("open container " + name, "lxc_container_new failed");
        }
        return c;
    }

    private static Function method(Pointer c, int offset) {
        return Function.getFunction(c.getPointer(offset));
    }

    /** C bool is one byte: reading it as a JNA boolean would take three bytes of garbage with it. */
    private static boolean bool(Object b) {
        return b != null && ((Byte) b) != 0;
    }

    private static String errorOf(Pointer c) {
        Pointer s = c.getPointer(ERROR_STRING);
        return s == null ? "" : s.getString(0);
    }

    /** A liblxc call failed: carries lxc's own message when it left one. */
    static final class LxcError extends RuntimeException {
        LxcError(String what, String lxcMessage) {
            super("liblxc " + what + " failed" + (lxcMessage == null || lxcMessage.isBlank() ? "" : ": " + lxcMessage));
        }
    }
}
