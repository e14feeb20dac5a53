package io.isula.core.internal.service;

import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerState;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.HealthState;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.internal.store.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns stored containers into the API's views: list rows and inspect objects. */
final class ContainerViews {
    private final String defaultRuntime;

    ContainerViews(String defaultRuntime) {
        this.defaultRuntime = defaultRuntime;
    }

    ContainerSummary summary(ContainerRecord c, Instant now) {
        ContainerStatus status = c.status();
        String phrase = StatusPhrase.of(status, c.exitCode(), c.startedAt(), c.finishedAt(), now);
        HealthState health = c.health();
        if (status == ContainerStatus.RUNNING && health != null) {
            phrase = phrase + " (" + health.status() + ")";
        }
        return new ContainerSummary(c.id(), List.of("/" + c.name()), imageName(c), "", String.join(" ", c.args()),
                c.created().getEpochSecond(), status, phrase, List.of(),
                c.config().labels() == null ? Map.of() : c.config().labels(), c.pid(), c.exitCode(),
                c.restartCount(), Times.format(c.startedAt()), Times.format(c.finishedAt()), runtime(c));
    }

    ContainerDetails details(ContainerRecord c) {
        ContainerStatus status = c.status();
        ContainerState state = new ContainerState(status, status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED,
                status == ContainerStatus.PAUSED, status == ContainerStatus.RESTARTING, c.oomKilled(), false, c.pid(),
                c.exitCode(), c.error(), Times.format(c.startedAt()), Times.format(c.finishedAt()), c.health());
        List<String> args = c.args();
        return new ContainerDetails(c.id(), Times.format(c.created()), args.isEmpty() ? "" : args.get(0),
                args.size() > 1 ? args.subList(1, args.size()) : List.of(), state, c.image(), c.imageType(),
                c.bundleDir().resolve("resolv.conf").toString(), c.bundleDir().resolve("hostname").toString(),
                c.bundleDir().resolve("hosts").toString(), c.logPath().toString(), "/" + c.name(), c.restartCount(),
                c.imageType(), "linux", c.baseFs(), c.hostConfig().withRuntime(runtime(c)), c.config(), new ArrayList<>(c.mountPoints()),
                Map.of());
    }

    /** The name the container was created from (Docker's ps), else the image reference stored. */
    private static String imageName(ContainerRecord c) {
        String given = c.config().image();
        return given == null || given.isBlank() ? c.image() : given;
    }

    private String runtime(ContainerRecord c) {
        return c.runtime() == null || c.runtime().isEmpty() ? defaultRuntime : c.runtime();
    }
}
