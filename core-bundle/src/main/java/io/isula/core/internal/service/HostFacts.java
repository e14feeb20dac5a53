package io.isula.core.internal.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the host for {@code info} and {@code version}, read once. */
record HostFacts(String kernelVersion, String operatingSystem, String architecture, int cpus, long memTotal,
                 String hostname, String cgroupVersion) {

    static HostFacts read() {
        String kernel = firstLine(Path.of("/proc/sys/kernel/osrelease"), "unknown");
        String os = "Linux";
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // keep the generic name
        }
        long mem = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    mem = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown memory
        }
        String arch = System.getProperty("os.arch");
        if ("amd64".equals(arch)) {
            arch = "x86_64";
        }
        String cgroup = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
        return new HostFacts(kernel, os, arch, Runtime.getRuntime().availableProcessors(), mem,
                firstLine(Path.of("/proc/sys/kernel/hostname"), "localhost"), cgroup);
    }

    private static String firstLine(Path file, String fallback) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
