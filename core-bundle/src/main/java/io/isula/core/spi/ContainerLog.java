package io.isula.core.spi;

/**
 * Where and how a container's output is logged (its {@code ContainerHandle.logPath()}).
 *
 * @param disabled {@code disable-log=true}: nothing is written
 * @param maxSize  rotate when the file reaches this many bytes (0: never)
 * @param maxFiles files kept, the current one included (1: the file is started afresh at each rotation)
 */
public record ContainerLog(boolean disabled, long maxSize, int maxFiles) {
    public static ContainerLog unlimited() {
        return new ContainerLog(false, 0, 1);
    }
}
