package io.isula.core.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.util.JsonFields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The root file system of a container as its bundle names it ({@code config.json} {@code root.path}). */
public final class RootPaths {
    private RootPaths() {
    }

    public static Path of(ContainerRecord c, ObjectMapper json) {
        try {
            JsonNode spec = JsonFields.pick(json, Files.readAllBytes(c.bundleDir().resolve("config.json")),
                    List.of("root/path"));
            String root = spec.path("root").path("path").asText("");
            if (root.isEmpty()) {
                throw EngineException.internal("the bundle of container " + c.id() + " names no root", null);
            }
            Path p = Path.of(root);
            return p.isAbsolute() ? p : c.bundleDir().resolve(p);
        } catch (IOException e) {
            throw EngineException.internal("cannot read the bundle of container " + c.id() + ": " + e.getMessage(), e);
        }
    }
}
