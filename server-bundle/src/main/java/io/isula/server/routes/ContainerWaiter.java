package io.isula.server.routes;

import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Docker's wait conditions on top of the engine: {@code not-running}, {@code next-exit}, {@code removed}. */
final class ContainerWaiter {
    enum Condition {
        NOT_RUNNING, NEXT_EXIT, REMOVED;

        static Condition of(String value) {
            if (value == null || value.isEmpty()) {
                return NOT_RUNNING;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "not-running" -> NOT_RUNNING;
                case "next-exit" -> NEXT_EXIT;
                case "removed" -> REMOVED;
                default -> null;
            };
        }
    }

    private final ContainerEngine engine;

    ContainerWaiter(ContainerEngine engine) {
        this.engine = engine;
    }

    /** Blocks until the condition holds and returns the exit code; interruptible. */
    int await(String id, Condition condition) throws Exception {
        return switch (condition) {
            case NOT_RUNNING -> engine.await(id);
            case NEXT_EXIT -> nextExit(id);
            case REMOVED -> removed(id);
        };
    }

    private int nextExit(String id) throws Exception {
        try (EventLatch die = new EventLatch(id, Set.of("die"))) {
            return exitCode(die.await(), id);
        }
    }

    /** The exit code a die event carries, else the container's stored one. */
    private int exitCode(EngineEvent die, String id) {
        String code = attributes(die).get("exitCode");
        if (code != null) {
            try {
                return Integer.parseInt(code);
            } catch (NumberFormatException ignored) {
                // fall back to the stored state below
            }
        }
        return engine.inspect(id).state().exitCode();
    }

    /**
     * The exit code once the container is gone. A container not started yet (Docker's {@code run --rm} waits before its
     * start) is waited for through its next exit, not its current state.
     */
    private int removed(String id) throws Exception {
        try (EventLatch die = new EventLatch(id, Set.of("die"));
             EventLatch destroy = new EventLatch(id, Set.of("destroy"))) {
            int code;
            ContainerStatus status;
            try {
                ContainerDetails d = engine.inspect(id);
                status = d.state() == null ? null : d.state().status();
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.NOT_FOUND) {
                    return 0;
                }
                throw e;
            }
            if (status == ContainerStatus.INITED) {
                code = exitCode(die.await(), id);
            } else {
                code = engine.await(id);
            }
            try {
                engine.inspect(id);
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.NOT_FOUND) {
                    return code;
                }
                throw e;
            }
            destroy.await();
            return code;
        }
    }

    private static Map<String, String> attributes(EngineEvent event) {
        return event.actor() == null || event.actor().attributes() == null ? Map.of() : event.actor().attributes();
    }

    /** Subscribed on construction, so an event between the check and the wait is not missed. */
    private final class EventLatch implements AutoCloseable {
        private final CountDownLatch latch = new CountDownLatch(1);
        private final AtomicReference<EngineEvent> seen = new AtomicReference<>();
        private final AutoCloseable subscription;

        EventLatch(String id, Set<String> actions) {
            subscription = engine.subscribe(0, event -> {
                if ("container".equals(event.type()) && actions.contains(event.action())
                        && event.actor() != null && id.equals(event.actor().id()) && seen.compareAndSet(null, event)) {
                    latch.countDown();
                }
            });
        }

        EngineEvent await() throws InterruptedException {
            latch.await();
            return seen.get();
        }

        @Override
        public void close() throws Exception {
            subscription.close();
        }
    }
}
