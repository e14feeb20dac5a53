package io.isula.runtime.kata;

import io.isula.core.spi.ProviderContext;
import io.isula.runtime.kata.task.Events;
import io.isula.runtime.kata.ttrpc.TtrpcException;

import java.lang.System.Logger.Level;

/**
 * The engine's events service for its shims ({@code TTRPC_ADDRESS}): OOM kills are passed on to the kernel; exits
 * are learnt from each process's Wait, so TaskExit and the rest are only logged.
 */
final class EventsEndpoint {
    private static final System.Logger LOG = System.getLogger(EventsEndpoint.class.getName());
    private final ProviderContext context;

    EventsEndpoint(ProviderContext context) {
        this.context = context;
    }

    byte[] handle(String service, String method, byte[] payload) throws TtrpcException {
        if (!Events.SERVICE.equals(service) || !Events.FORWARD.equals(method)) {
            throw new TtrpcException(TtrpcException.UNIMPLEMENTED, service + "/" + method + " is not served here");
        }
        Events.Envelope e = Events.Envelope.decodeForward(payload);
        if (Events.TOPIC_OOM.equals(e.topic()) && e.event() != null) {
            String id = Events.TaskOom.decode(e.event().value()).containerId();
            if (!id.isEmpty()) {
                context.containerOom(id);
            }
        } else if (Events.TOPIC_EXIT.equals(e.topic()) && e.event() != null) {
            Events.TaskExit exit = Events.TaskExit.decode(e.event().value());
            LOG.log(Level.DEBUG, "shim event {0}: container {1} process {2} exited with {3}", e.topic(),
                    exit.containerId(), exit.id(), exit.exitStatus());
        } else {
            LOG.log(Level.DEBUG, "shim event {0} ({1})", e.topic(), e.event() == null ? "" : e.event().typeUrl());
        }
        return new byte[0];
    }
}
