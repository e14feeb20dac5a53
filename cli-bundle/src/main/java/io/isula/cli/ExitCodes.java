package io.isula.cli;

/** iSulad's client exit codes ({@code src/utils/cutils/utils.h}). */
public final class ExitCodes {
    public static final int OK = 0;
    /** ECOMMON: a generic failure. */
    public static final int COMMON = 1;
    /** Invalid arguments, and any failure of create/run. */
    public static final int INVALID = 125;

    private ExitCodes() {
    }
}
