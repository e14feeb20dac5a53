package io.isula.core.spi;

import java.util.List;

/**
 * A process to start in a running container, fully resolved by the kernel.
 *
 * @param execId         the exec session's id (64 hex digits): names its files
 * @param args           the command and its arguments
 * @param env            the whole environment (the container's merged with the exec's own)
 * @param cwd            absolute working directory inside the container
 * @param user           the user to run as, or null for the container's own
 * @param terminal       give the process a terminal
 * @param stdin          keep the process's stdin open for the attachment
 * @param attached       the caller attaches to the output (the process waits for the connection before it runs)
 * @param consoleHeight  initial terminal rows (0: the runtime's default)
 * @param consoleWidth   initial terminal columns
 */
public record ExecSpec(String execId, List<String> args, List<String> env, String cwd, User user, boolean terminal,
                       boolean stdin, boolean attached, int consoleHeight, int consoleWidth) {
    public ExecSpec {
        args = List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }

    /** A resolved process user. */
    public record User(int uid, int gid, List<Integer> additionalGids) {
        public User {
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        }
    }
}
