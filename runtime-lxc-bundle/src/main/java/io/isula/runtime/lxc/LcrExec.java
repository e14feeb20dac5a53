package io.isula.runtime.lxc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.util.conmon.ConmonExec;
import io.isula.core.util.conmon.ExecFiles;
import io.isula.core.util.conmon.ExecProcessSpec;
import io.isula.core.util.conmon.ExecRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process started in a running lcr container with {@code lxc-attach} (liblxc's attach, run as its own program so
 * that the JVM is never forked), under a conmon of its own as runc's execs are: conmon keeps its stdio and reports its
 * pid and exit code, so it outlives the daemon. conmon's runtime is {@code sh lcr-runtime.sh LXCPATH}, whose
 * {@code exec} sources the lxc-attach command line from an argv file beside the process spec: environment cleared
 * and set, user and group, and the working directory through the container's {@code /bin/sh} (lxc-attach takes the
 * caller's). The exit code is lxc-attach's, which is the process's.
 */
final class LcrExec implements ExecRuntime {
    private final String lxcAttach;
    private final LcrLayout layout;
    private final ConmonExec conmon;

    LcrExec(String lxcAttach, LcrLayout layout, ConmonExec conmon) {
        this.lxcAttach = lxcAttach;
        this.layout = layout;
        this.conmon = conmon;
    }

    ProcessStdio start(ContainerHandle c, ExecSpec spec, ProcessOutput output) {
        return conmon.start(this, c, ExecFiles.of(c.stateDir(), layout.socketDir(), spec.execId()), spec, output);
    }

    List<String> command(Path lxcPath, String id, ExecSpec spec) {
        List<String> cmd = new ArrayList<>(List.of(lxcAttach, "-P", lxcPath.toString(), "-n", id, "--clear-env"));
        for (String e : spec.env()) {
            cmd.add("-v");
            cmd.add(e);
        }
        if (spec.user() != null) {
            cmd.addAll(List.of("-u", Integer.toString(spec.user().uid()), "-g", Integer.toString(spec.user().gid())));
        }
        cmd.add("--");
        String cwd = spec.cwd() == null || spec.cwd().isEmpty() ? "/" : spec.cwd();
        if (!cwd.equals("/")) {
            cmd.addAll(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd));
        }
        cmd.addAll(spec.args());
        return cmd;
    }

    /** The lxc-attach command line as a {@code set --} line, beside the process spec. */
    static Path argv(ExecFiles files) {
        return files.dir().resolve("argv");
    }

    /** The runtime script's own complaint, when it refused the exec. */
    static Path scriptError(ExecFiles files) {
        return files.dir().resolve("runtime.err");
    }

    @Override
    public String name() {
        return LxcRuntimeProvider.NAME;
    }

    /** lxc-attach takes the terminal's slave as its stdio; the engine makes it. */
    @Override
    public boolean terminalFromEngine() {
        return true;
    }

    @Override
    public String binary() {
        return "/bin/sh";
    }

    @Override
    public List<String> runtimeArgs(ExecFiles files) {
        return List.of(layout.runtimeScript().toString(), layout.lxcPath().toString());
    }

    /** The process spec is only passed on by conmon; the script reads the argv file. */
    @Override
    public void writeProcess(ExecFiles files, ContainerHandle c, ExecSpec spec) throws IOException {
        String words;
        try {
            words = ShellWords.setArgs(command(layout.lxcPath(), c.id(), spec));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOption("process.args", e.getMessage());
        }
        Files.writeString(argv(files), words, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Files.write(files.processJson(), ExecProcessSpec.from(c.bundleDir().resolve("config.json"), spec),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public Optional<String> error(ExecFiles files) {
        try {
            String text = Files.readString(scriptError(files), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
