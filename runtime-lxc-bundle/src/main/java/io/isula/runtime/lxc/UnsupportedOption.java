package io.isula.runtime.lxc;

import io.isula.core.api.EngineException;

/** An OCI option that lxc cannot express: the create fails, naming it, instead of running without it. */
final class UnsupportedOption extends EngineException {
    UnsupportedOption(String option, String why) {
        super(Kind.INVALID_ARGUMENT, "runtime lcr cannot apply OCI option " + option + ": " + why);
    }
}
