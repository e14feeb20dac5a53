package io.isula.image.oci.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.store.ChainIds;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.StoreTransaction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Image configs and whole images for store tests. */
public final class TestImages {
    private TestImages() {
    }

    /** A config over {@code diffIds}; {@code marker} makes configs (so image ids) differ. */
    public static byte[] config(List<Digest> diffIds, String marker) {
        ObjectNode root = OciJson.mapper().createObjectNode();
        root.put("created", "2024-05-06T07:08:09.123456789Z");
        root.put("architecture", "amd64");
        root.put("os", "linux");
        root.put("author", "tests");
        root.put("comment", marker);
        ObjectNode c = root.putObject("config");
        c.putArray("Env").add("PATH=/usr/local/bin:/usr/bin:/bin").add("MARKER=" + marker);
        c.putArray("Entrypoint").add("/bin/sh").add("-c");
        c.putArray("Cmd").add("echo " + marker);
        c.put("WorkingDir", "/work");
        c.put("User", "1000:1000");
        c.putObject("Labels").put("marker", marker);
        c.put("StopSignal", "SIGINT");
        c.putObject("Volumes").putObject("/data");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        ArrayNode history = root.putArray("history");
        for (int i = 0; i < diffIds.size(); i++) {
            history.addObject().put("created", "2024-05-06T07:08:09Z").put("created_by", "layer " + i);
        }
        return OciJson.write(root);
    }

    public static List<Digest> diffIds(List<byte[]> plainTars) {
        return plainTars.stream().map(Digest::sha256).toList();
    }

    /** Unpacks {@code plainTars} and registers an image of them named {@code names}; returns the image id. */
    public static String add(OciStore store, String marker, List<byte[]> plainTars, String... names) throws IOException {
        List<Digest> diffIds = diffIds(plainTars);
        try (StoreTransaction tx = store.begin()) {
            Digest parent = null;
            for (int i = 0; i < plainTars.size(); i++) {
                byte[] tar = plainTars.get(i);
                if (!tx.hasLayer(ChainIds.chainId(parent, diffIds.get(i)))) {
                    tx.unpackLayer(() -> new ByteArrayInputStream(tar), parent, diffIds.get(i), null);
                }
                parent = ChainIds.chainId(parent, diffIds.get(i));
            }
            return tx.registerImage(config(diffIds, marker), null, null, List.of(names), List.of());
        }
    }

    /** {@code count} one-file layers: {@code /<prefix><i>} holding {@code "<prefix> <i>"}. */
    public static List<byte[]> layers(String prefix, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Tars.tar(Tars.files(prefix + i, prefix + " " + i)));
        }
        return out;
    }
}
