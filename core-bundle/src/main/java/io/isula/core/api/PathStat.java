package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A path in a container as Docker's {@code X-Docker-Container-Path-Stat} header describes it.
 *
 * @param mode       Go's {@code os.FileMode}: permission bits, plus {@link #DIR} / {@link #SYMLINK} and the setuid
 *                   ({@code 1<<23}), setgid ({@code 1<<22}) and sticky ({@code 1<<20}) bits
 * @param mtime      RFC 3339
 * @param linkTarget the target of a symbolic link, else empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                       @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                       @JsonProperty("linkTarget") String linkTarget) {
    public static final long DIR = 1L << 31;
    public static final long SYMLINK = 1L << 27;

    public boolean isDirectory() {
        return (mode & DIR) != 0;
    }

    public boolean isSymlink() {
        return (mode & SYMLINK) != 0;
    }
}
