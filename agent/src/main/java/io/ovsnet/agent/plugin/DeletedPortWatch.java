package io.ovsnet.agent.plugin;

import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices an endpoint's port that goes away while the bridge stays ({@code ovs-vsctl del-port})
 * and hands the endpoint to be wired again. The endpoint's own removal (DeleteEndpoint) goes the
 * same way and is told apart by the re-wire itself, which runs on the endpoint's lane after it and
 * finds the endpoint gone. A lost bridge is the bridge guard's: all its endpoints are wired again
 * by the rebuild. Looks at the switch's monitored replica once per burst of changes, on a thread
 * of its own.
 */
final class DeletedPortWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeletedPortWatch.class);
    /** How long a burst of replica changes is let settle (as the bridge guard does). */
    private static final long SETTLE_MILLIS = 200;

    private final IntegrationBridge bridge;
    private final ContainerPorts ports;
    private final Consumer<String> rewire;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugin-port-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean lookScheduled = new AtomicBoolean();
    // Touched only on the watch's thread.
    private Optional<Uuid> lastBridge;
    private Set<String> lastEndpoints;

    /** @param rewire wires the endpoint of the given id again; must not block */
    DeletedPortWatch(IntegrationBridge bridge, ContainerPorts ports, Consumer<String> rewire) {
        this.bridge = bridge;
        this.ports = ports;
        this.rewire = rewire;
        this.lastBridge = bridge.monitored().bridge();
        this.lastEndpoints = endpointsOnBridge();
        bridge.onChange(this::changed);
    }

    /** On the OVSDB client's thread: one look per burst of changes, never block. */
    private void changed() {
        if (lookScheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::look, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                log.debug("plugin port watch closed, change ignored");
            }
        }
    }

    private void look() {
        lookScheduled.set(false);
        try {
            Optional<Uuid> now = bridge.monitored().bridge();
            Set<String> endpoints = endpointsOnBridge();
            if (now.isPresent() && now.equals(lastBridge)) {
                for (String gone : lastEndpoints) {
                    if (!endpoints.contains(gone)) {
                        rewire.accept(gone);
                    }
                }
            }
            lastBridge = now;
            lastEndpoints = endpoints;
        } catch (RuntimeException e) {
            log.warn("plugin port watch failed reason={}", e.toString());
        }
    }

    private Set<String> endpointsOnBridge() {
        return ports.onBridge().stream().filter(DockerEndpoint::owns).map(ContainerPort::endpoint)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
