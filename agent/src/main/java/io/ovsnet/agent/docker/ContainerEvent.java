package io.ovsnet.agent.docker;

import java.util.Map;
import java.util.Set;

/** What {@link DockerWatcher} tells the agent about containers. */
public sealed interface ContainerEvent {

    /**
     * A container is running: it was in a listing, or Docker reported {@code start}. Reported once
     * per run of a container (a restarted container, with a new pid, is reported again).
     */
    record Started(RunningContainer container) implements ContainerEvent {}

    /** A container reported by {@link Started} stopped: Docker reported {@code die}, or a re-listing no longer shows it. */
    record Died(String id, Map<String, String> labels) implements ContainerEvent {
        public Died {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Docker reported {@code destroy}: the container is removed. Reported whether or not it was
     * seen running; {@code labels} are those of the last inspect, or else the event's attributes
     * (the labels plus Docker's {@code name} and {@code image}).
     */
    record Destroyed(String id, Map<String, String> labels) implements ContainerEvent {
        public Destroyed {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * A listing finished (at start and after every reconnect): {@code running} holds every
     * watched container running now, each already reported by {@link Started}. Anything the agent
     * holds for other containers belongs to containers that are gone.
     */
    record Listed(Set<String> running) implements ContainerEvent {
        public Listed {
            running = Set.copyOf(running);
        }
    }
}
