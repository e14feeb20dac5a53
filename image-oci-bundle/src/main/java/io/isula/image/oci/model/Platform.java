package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The platform an image runs on (OCI image index, "platform"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("os.version") String osVersion) {

    public static Platform linuxAmd64() {
        return new Platform("amd64", "linux", null, null);
    }

    /** The platform of this machine, in Go's names (what registries use). */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
        return new Platform(arch, "linux", null, null);
    }

    /** Whether an entry of an index for {@code candidate} can run here (variant only checked when both name one). */
    public boolean accepts(Platform candidate) {
        if (candidate == null) {
            return false;
        }
        return os.equals(candidate.os()) && architecture.equals(candidate.architecture())
                && (variant == null || candidate.variant() == null || variant.equals(candidate.variant()));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
