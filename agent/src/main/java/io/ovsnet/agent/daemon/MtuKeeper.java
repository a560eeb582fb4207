package io.ovsnet.agent.daemon;

import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.Link;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.model.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the MTU of this host's running containers no larger than their network's
 * ({@link HostPlumbing#containerMtu}): when a host with a smaller underlay registers, the MTU of
 * a network drops everywhere, and containers attached before must follow or their large packets
 * to that host vanish. It only lowers ({@link Attacher#lowerMtu}); a rise reaches new containers
 * only.
 *
 * <p>A pass runs on its own thread. After a change of the store's hosts or networks
 * ({@link #request}; every heartbeat of every host is one) it computes every network's MTU, which
 * costs no I/O, and looks at the ports only when one changed; on this host's heartbeat
 * ({@link #requestScan}) it looks at every port anyway, which also retries a lowering that failed.
 * Requests during a pass ask for one more.
 */
final class MtuKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MtuKeeper.class);

    private final HostPlumbing plumbing;
    private final Attacher attacher;
    private final Supplier<List<Network>> networks;
    private final Function<ContainerPort, Optional<RunningContainer>> containers;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean scanRequested = new AtomicBoolean();
    /** Each network's MTU at the last pass that looked at the ports; touched only on the keeper's thread. */
    private Map<String, Integer> scanned = Map.of();
    /** Ports whose MTU this agent cannot lower (no running container found), logged once each. */
    private final Set<String> notLowerable = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-mtu");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param networks the store's networks as last seen (must not block)
     * @param containers the running container of a port, if this agent can find it (may block on Docker)
     */
    MtuKeeper(HostPlumbing plumbing, Attacher attacher, Supplier<List<Network>> networks,
            Function<ContainerPort, Optional<RunningContainer>> containers) {
        this.plumbing = plumbing;
        this.attacher = attacher;
        this.networks = networks;
        this.containers = containers;
    }

    /** Asks for a pass that looks at the ports if a network's MTU changed; never blocks. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (RejectedExecutionException closed) {
                log.debug("mtu pass after close ignored");
            }
        }
    }

    /** Asks for a pass that looks at every port; never blocks. */
    void requestScan() {
        scanRequested.set(true);
        request();
    }

    private void pass() {
        requested.set(false);
        boolean scan = scanRequested.getAndSet(false);
        try {
            Map<String, Integer> mtus = new HashMap<>();
            for (Network network : networks.get()) {
                try {
                    mtus.put(network.name(), plumbing.containerMtu(network));
                } catch (IllegalArgumentException cannotCarry) {
                    log.debug("network not carried here network={} reason={}", network.name(), cannotCarry.getMessage());
                }
            }
            if (!scan && mtus.equals(scanned)) {
                return;
            }
            scanned = mtus;
            Map<String, Link> links = new HashMap<>();
            plumbing.host().links().forEach(l -> links.put(l.name(), l));
            for (ContainerPort port : plumbing.ports().onBridge()) {
                Integer mtu = mtus.get(port.network());
                Link hostEnd = links.get(port.name());
                if (mtu != null && hostEnd != null && hostEnd.mtu() > mtu) {
                    lower(port, mtu);
                }
            }
        } catch (RuntimeException e) {
            scanned = Map.of(); // look at the ports again at the next pass
            if (thread.isShutdown()) {
                log.debug("mtu pass stopped by the agent's stop reason={}", e.getMessage());
            } else {
                log.warn("mtu pass failed reason={}", e.getMessage());
            }
        }
    }

    private void lower(ContainerPort port, int mtu) {
        Optional<RunningContainer> container = containers.apply(port);
        if (container.isEmpty()) {
            // Not running (any more), or an endpoint of Docker's that Docker does not list.
            if (notLowerable.add(port.name())) {
                log.warn("container MTU above its network's, not lowered port={} network={} mtu={} "
                        + "(no running container found for the port; restart the container to get the new MTU)",
                        port.name(), port.network(), mtu);
            }
            return;
        }
        attacher.lowerMtu(container.get(), port.name(), mtu).whenComplete((lowered, failure) -> {
            if (failure != null) {
                log.warn("container MTU not lowered container={} port={} mtu={} reason={}", container.get().id(),
                        port.name(), mtu, failure.getMessage());
            }
        });
    }

    /**
     * Stops; a pass under way is interrupted between containers and waited for (up to 5 s), so it
     * is over before the netlink handle it uses is closed. Idempotent.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
