package io.ovsnet.agent.docker;

/** Receives {@link ContainerEvent}s, one at a time, in order, on the watcher's thread; must not block for long. */
@FunctionalInterface
public interface ContainerListener {
    void on(ContainerEvent event);
}
