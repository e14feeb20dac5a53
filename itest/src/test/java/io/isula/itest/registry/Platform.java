package io.isula.itest.registry;

/** An image platform as OCI writes it ({@code variant} may be null). */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");

    /** The platform of this machine (what the host's busybox runs on): linux/amd64 or linux/arm64. */
    public static Platform host() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> LINUX_AMD64;
            case "aarch64", "arm64" -> LINUX_ARM64;
            default -> throw new AssertionError("no OCI platform known for os.arch=" + arch);
        };
    }

    /** Another platform than {@link #host()}: the second entry of a multi-platform index. */
    public static Platform other() {
        return host().equals(LINUX_AMD64) ? LINUX_ARM64 : LINUX_AMD64;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
