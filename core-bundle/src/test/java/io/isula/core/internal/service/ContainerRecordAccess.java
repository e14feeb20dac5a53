package io.isula.core.internal.service;

import io.isula.core.internal.store.ContainerRecord;

import java.lang.reflect.Field;

/** Holds a container's operation lock while {@code action} runs: the exit clean-up must wait behind it. */
final class ContainerRecordAccess {
    private ContainerRecordAccess() {
    }

    static void lockOperations(ContainerService engine, String id, Runnable action) {
        ContainerRecord record = store(engine).require(id);
        record.operationLock().lock();
        try {
            action.run();
        } finally {
            record.operationLock().unlock();
        }
    }

    private static io.isula.core.internal.store.ContainerStore store(ContainerService engine) {
        try {
            Field f = ContainerService.class.getDeclaredField("store");
            f.setAccessible(true);
            return (io.isula.core.internal.store.ContainerStore) f.get(engine);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
