package io.isula.server.routes;

import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ImageEngine;
import io.isula.server.http.JsonCodec;
import io.isula.server.http.Router;

/** The Docker Engine API subset this daemon serves, wired to one engine. */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    public static Router of(ContainerEngine engine, ImageEngine images, JsonCodec json) {
        Router router = new Router();
        new SystemRoutes(engine, json).register(router);
        new ContainerRoutes(engine, json).register(router);
        new LogsRoute(engine).register(router);
        new WaitRoute(engine, new ContainerWaiter(engine), json).register(router);
        new EventsRoute(engine, json).register(router);
        new ConfigRoutes(engine, json).register(router);
        new VolumeRoutes(engine, json).register(router);
        new ImageRoutes(images, json).register(router);
        new StreamRoutes(engine, json).register(router);
        new ArchiveRoutes(engine, json).register(router);
        new TopStatsRoutes(engine, json).register(router);
        return router;
    }
}
