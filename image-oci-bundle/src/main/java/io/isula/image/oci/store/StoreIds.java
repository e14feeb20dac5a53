package io.isula.image.oci.store;

import java.util.regex.Pattern;

/** Checks of the names the store turns into paths, so that no id can point outside its folder. */
public final class StoreIds {
    private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern LINK = Pattern.compile("[A-Z2-7]{8,32}");

    private StoreIds() {
    }

    public static String requireHexId(String id, String what) {
        if (id == null || !HEX_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid " + what + " id: " + id);
        }
        return id;
    }

    public static String requireContainerId(String id) {
        if (id == null || !CONTAINER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid container id: " + id);
        }
        return id;
    }

    public static String requireLinkName(String link) {
        if (link == null || !LINK.matcher(link).matches()) {
            throw new IllegalArgumentException("invalid layer link name: " + link);
        }
        return link;
    }

    public static boolean isHexId(String id) {
        return id != null && HEX_ID.matcher(id).matches();
    }
}
