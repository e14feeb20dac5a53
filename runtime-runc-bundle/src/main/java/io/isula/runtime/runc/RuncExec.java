package io.isula.runtime.runc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.util.conmon.ExecFiles;
import io.isula.core.util.conmon.ExecProcessSpec;
import io.isula.core.util.conmon.ExecRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A runc-compatible runtime as conmon calls it for an exec: its global options, then its JSON log in the exec's
 * folder, where a failed exec's reason is found for sure; the process spec is the container's own process with the
 * exec's command, environment, directory and user.
 */
record RuncExec(RuntimeLayout rt) implements ExecRuntime {
    static Path log(ExecFiles files) {
        return files.dir().resolve("runc.log");
    }

    @Override
    public String name() {
        return rt.name();
    }

    @Override
    public String binary() {
        return rt.binary();
    }

    @Override
    public List<String> runtimeArgs(ExecFiles files) {
        List<String> args = new ArrayList<>(rt.globalArgs());
        args.addAll(List.of("--log", log(files).toString(), "--log-format", "json"));
        return args;
    }

    @Override
    public void writeProcess(ExecFiles files, ContainerHandle c, ExecSpec spec) throws IOException {
        Files.write(files.processJson(), ExecProcessSpec.from(c.bundleDir().resolve("config.json"), spec),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public Optional<String> error(ExecFiles files) {
        return RuncLog.errors(log(files));
    }

    @Override
    public String conmonMessage(String message) {
        return RuncCli.errorText(message);
    }
}
