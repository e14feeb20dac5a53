package io.isula.server.http;

import java.util.concurrent.Executor;

/**
 * The threads requests run on, so engine calls never block the event loop.
 *
 * @param calls       short calls (create, start, inspect…); may refuse work when full, which is answered 503
 * @param lasting     routes that last as long as their client ({@link Router#addLasting}); never refuses
 * @param streamInput the input of hijacked connections (attach, exec start), one chunk at a time each
 */
public record ApiThreads(Executor calls, Executor lasting, Executor streamInput) {
}
