package io.isula.image.embedded;

import java.util.regex.Pattern;

/**
 * An embedded image's name: {@code name:tag} with the tag mandatory, docker-style name rules, at most 255
 * characters (iSulad's {@code util_valid_embedded_image_name}).
 */
final class EmbeddedName {
    static final int MAX_LENGTH = 255;
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*";
    private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern NAME = Pattern.compile("^(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART
            + ")*(?::[0-9]+)?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*$");

    private EmbeddedName() {
    }

    static boolean isValid(String name) {
        if (name == null || name.length() > MAX_LENGTH) {
            return false;
        }
        int colon = name.lastIndexOf(':');
        if (colon < 0 || name.indexOf('/', colon) >= 0) {
            return false;
        }
        return TAG.matcher(name.substring(colon + 1)).matches() && NAME.matcher(name.substring(0, colon)).matches();
    }
}
