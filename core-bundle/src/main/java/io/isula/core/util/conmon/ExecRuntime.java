package io.isula.core.util.conmon;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConmonExec} needs from the runtime conmon calls for an exec, as
 * {@code BINARY [runtime args] exec --pid-file F --process P --detach [--console-socket S] ID}.
 */
public interface ExecRuntime {
    /** The runtime's name in messages ({@code runc}, {@code lcr}). */
    String name();

    /** conmon's {@code -r}. */
    String binary();

    /** conmon's {@code --runtime-arg}s for this exec, in order. */
    List<String> runtimeArgs(ExecFiles files);

    /**
     * Writes what the runtime reads into the exec's new, empty folder: at least the process spec
     * ({@link ExecFiles#processJson()}), which conmon passes on as {@code --process}.
     */
    void writeProcess(ExecFiles files, ContainerHandle c, ExecSpec spec) throws IOException;

    /** The runtime's own reason for a failed start, from wherever it leaves one in the exec's folder. */
    Optional<String> error(ExecFiles files);

    /**
     * Whether the engine makes the terminal of a {@code -t} exec ({@link EngineTerminal}, found at
     * {@link ExecFiles#console()}) because the runtime cannot; else the runtime sends conmon its own, as runc does.
     */
    default boolean terminalFromEngine() {
        return false;
    }

    /** conmon's failure message on the sync pipe (the runtime's output as conmon caught it), made readable. */
    default String conmonMessage(String message) {
        return message.strip();
    }
}
