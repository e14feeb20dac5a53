package io.isula.core.spi;

import java.util.List;

/**
 * A process to run in a running container and wait for (a health probe): its arguments, environment, working folder
 * and {@code uid:gid}; capabilities and the rest of the security settings are the container's.
 */
public record ExecProcess(List<String> args, List<String> env, String cwd, String user) {
}
