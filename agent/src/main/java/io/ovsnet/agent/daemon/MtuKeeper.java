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
 * only. A pass runs on its own thread after every change of the store's hosts or networks and on
 * every heartbeat; requests during a pass ask for one more.
 */
final class MtuKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MtuKeeper.class);

    private final HostPlumbing plumbing;
    private final Attacher attacher;
    private final Supplier<List<Network>> networks;
    private final Function<String, Optional<RunningContainer>> running;
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Ports whose MTU this agent cannot lower (not a container it runs), logged once each. */
    private final Set<String> notLowerable = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-mtu");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param networks the store's networks as last seen (must not block)
     * @param running the running container of an id, as Docker last reported it
     */
    MtuKeeper(HostPlumbing plumbing, Attacher attacher, Supplier<List<Network>> networks,
            Function<String, Optional<RunningContainer>> running) {
        this.plumbing = plumbing;
        this.attacher = attacher;
        this.networks = networks;
        this.running = running;
    }

    /** Asks for a pass; never blocks. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (RejectedExecutionException closed) {
                log.debug("mtu pass after close ignored");
            }
        }
    }

    private void pass() {
        requested.set(false);
        try {
            Map<String, Network> byName = new HashMap<>();
            networks.get().forEach(n -> byName.put(n.name(), n));
            Map<String, Integer> mtus = new HashMap<>();
            for (ContainerPort port : plumbing.ports().onBridge()) {
                Network network = byName.get(port.network());
                Optional<Link> hostEnd = plumbing.host().link(port.name());
                if (network == null || hostEnd.isEmpty()) {
                    continue;
                }
                int mtu = mtus.computeIfAbsent(network.name(), name -> plumbing.containerMtu(network));
                if (hostEnd.get().mtu() > mtu) {
                    lower(port, mtu);
                }
            }
        } catch (RuntimeException e) {
            log.warn("mtu pass failed reason={}", e.getMessage()); // the next change or heartbeat tries again
        }
    }

    private void lower(ContainerPort port, int mtu) {
        Optional<RunningContainer> container = running.apply(port.containerId());
        if (container.isEmpty()) {
            // A Docker endpoint's port (plugin mode): this agent does not know its container's namespace.
            if (notLowerable.add(port.name())) {
                log.warn("container MTU above its network's, not lowered port={} network={} mtu={} "
                        + "(not a container this agent attached; restart the container to get the new MTU)",
                        port.name(), port.network(), mtu);
            }
            return;
        }
        attacher.lowerMtu(container.get(), port.network(), mtu).whenComplete((lowered, failure) -> {
            if (failure != null) {
                log.warn("container MTU not lowered container={} network={} mtu={} reason={}", port.containerId(),
                        port.network(), mtu, failure.getMessage());
            }
        });
    }

    /** Stops; a pass under way is interrupted between containers. Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
