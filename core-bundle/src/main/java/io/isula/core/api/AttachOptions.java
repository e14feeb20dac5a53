package io.isula.core.api;

/**
 * What an attachment connects: the process's stdin and which of its output streams, and the key sequence that
 * detaches ({@code null}: the default ctrl-p,ctrl-q; empty: none).
 */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, String detachKeys) {
    public static AttachOptions output() { return new AttachOptions(false, true, true, null); }
}
