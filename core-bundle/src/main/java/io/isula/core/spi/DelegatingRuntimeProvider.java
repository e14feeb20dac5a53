package io.isula.core.spi;

import java.util.List;

/**
 * A runtime provider whose operations live in another object, made when the provider is initialised
 * ({@link #delegate()}): a DS component that stays registered while its working state comes and goes. The provider
 * keeps its names, {@code init} and its end; every container operation goes to the delegate.
 */
public abstract class DelegatingRuntimeProvider implements RuntimeProvider {
    /** The working operations; throws (runtime unavailable) before {@code init}. */
    protected abstract RuntimeProvider delegate();

    @Override
    public void create(ContainerHandle container, CreateOptions options) {
        delegate().create(container, options);
    }

    @Override
    public int start(ContainerHandle container) {
        return delegate().start(container);
    }

    @Override
    public void kill(ContainerHandle container, int signal) {
        delegate().kill(container, signal);
    }

    @Override
    public void delete(ContainerHandle container, boolean force) {
        delegate().delete(container, force);
    }

    @Override
    public RuntimeStatus state(ContainerHandle container) {
        return delegate().state(container);
    }

    @Override
    public RuntimeStatus restore(ContainerHandle container) {
        return delegate().restore(container);
    }

    @Override
    public void pause(ContainerHandle container) {
        delegate().pause(container);
    }

    @Override
    public void resume(ContainerHandle container) {
        delegate().resume(container);
    }

    @Override
    public List<Integer> pids(ContainerHandle container) {
        return delegate().pids(container);
    }

    @Override
    public void update(ContainerHandle container, ResourceUpdate resources) {
        delegate().update(container, resources);
    }

    @Override
    public ProcessStdio exec(ContainerHandle container, ExecSpec spec, ProcessOutput output) {
        return delegate().exec(container, spec, output);
    }

    @Override
    public ProcessStdio attach(ContainerHandle container, ProcessOutput output) {
        return delegate().attach(container, output);
    }

    @Override
    public void resize(ContainerHandle container, int height, int width) {
        delegate().resize(container, height, width);
    }

    @Override
    public ResourceUsage stats(ContainerHandle container) {
        return delegate().stats(container);
    }
}
