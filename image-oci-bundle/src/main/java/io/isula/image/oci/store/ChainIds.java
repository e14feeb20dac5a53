package io.isula.image.oci.store;

import io.isula.image.oci.model.Digest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer chain ids (OCI image spec, "Layer ChainID"): the id of a layer together with everything below it.
 * {@code chainID(L0) = diffID(L0)}, {@code chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln))}.
 */
public final class ChainIds {
    private ChainIds() {
    }

    /** The chain id of a layer with diff id {@code diffId} on top of {@code parentChainId} (null for a base layer). */
    public static Digest chainId(Digest parentChainId, Digest diffId) {
        if (parentChainId == null) {
            return diffId;
        }
        return Digest.sha256((parentChainId + " " + diffId).getBytes(StandardCharsets.UTF_8));
    }

    /** The chain ids of a layer list, bottom first. */
    public static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest parent = null;
        for (Digest diffId : diffIds) {
            parent = chainId(parent, diffId);
            out.add(parent);
        }
        return out;
    }
}
