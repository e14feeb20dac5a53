package io.isula.image.oci.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code rewrite} rule of {@code registry-hosts}: the repository path matching {@code pattern} becomes {@code replacement}. */
public record RepositoryRewrite(Pattern pattern, String replacement) {
    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(?:(\\d+)|\\{([A-Za-z][A-Za-z0-9]*)})");

    /** The rule, or an {@link IllegalArgumentException} for a bad regular expression or a replacement naming a missing group. */
    public static RepositoryRewrite of(String regex, String replacement) {
        Pattern pattern = Pattern.compile(regex);
        int groups = pattern.matcher("").groupCount();
        Matcher refs = GROUP_REFERENCE.matcher(replacement);
        while (refs.find()) {
            if (refs.group(1) != null && Integer.parseInt(refs.group(1)) > groups) {
                throw new IllegalArgumentException("replacement \"" + replacement + "\" uses $" + refs.group(1)
                        + " but the expression has " + groups + " group(s)");
            }
            if (refs.group(2) != null && !regex.contains("(?<" + refs.group(2) + ">")) {
                throw new IllegalArgumentException("replacement \"" + replacement + "\" uses the unknown group " + refs.group(2));
            }
        }
        if (replacement.replaceAll("\\\\.|" + GROUP_REFERENCE.pattern(), "").contains("$")) {
            throw new IllegalArgumentException("replacement \"" + replacement + "\" has a '$' that names no group (write \\$ for a dollar)");
        }
        return new RepositoryRewrite(pattern, replacement);
    }

    /** The rewritten path, or null when the rule does not match. */
    public String apply(String repository) {
        Matcher m = pattern.matcher(repository);
        return m.find() ? m.replaceAll(replacement) : null;
    }

    @Override
    public String toString() {
        return pattern.pattern() + " -> " + replacement;
    }
}
