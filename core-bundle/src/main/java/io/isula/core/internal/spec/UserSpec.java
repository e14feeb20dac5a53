package io.isula.core.internal.spec;

import java.util.List;

/** A resolved process user. */
public record UserSpec(int uid, int gid, List<Integer> additionalGids) {
    public static UserSpec root() { return new UserSpec(0, 0, List.of()); }
}
