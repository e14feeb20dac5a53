package io.isula.cli.format;

/** A {@code --format} template that cannot be parsed or cannot be applied to the data. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) { super(message); }
}
