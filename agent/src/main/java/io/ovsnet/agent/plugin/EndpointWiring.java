package io.ovsnet.agent.plugin;

import static io.ovsnet.agent.attach.PipelineWait.await;

import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.attach.UndoStack;
import io.ovsnet.agent.netlink.MacAddress;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.Veth;
import io.ovsnet.agent.overlay.PortNames;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.model.Network;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data path of a Docker endpoint. Unlike event mode, the veth is created whole in the host
 * namespace: Docker moves the container end ({@link #containerEnd}) into the container after Join
 * and names it {@code eth}N. Before that, the container end gets its MAC, the computed MTU and TX
 * checksum offload off (TCP fails on the userspace datapath otherwise); the host end goes on the
 * bridge as an access port with the network's tag and the external_ids of decision 4.
 * Methods block and must not run two at a time for one endpoint. The port stays until
 * DeleteEndpoint (Docker deletes the endpoint of a container that stops).
 */
final class EndpointWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointWiring.class);
    private static final int WIRING_THREADS = 4;

    private final HostPlumbing plumbing;
    private final Attacher attacher;
    /** Finishes removals and updates membership records, one at a time, after Docker got its answer. */
    private final ExecutorService membership = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plugin-membership");
        t.setDaemon(true);
        return t;
    });
    /** Wires endpoints from CreateEndpoint on (see {@link #wireLater}). */
    private final ExecutorService wiring = Executors.newFixedThreadPool(WIRING_THREADS, r -> {
        Thread t = new Thread(r, "plugin-wiring");
        t.setDaemon(true);
        return t;
    });

    EndpointWiring(HostPlumbing plumbing, Attacher attacher) {
        this.plumbing = plumbing;
        this.attacher = attacher;
    }

    /** The host end of the endpoint's veth, the name of its port. */
    static String hostEnd(String endpointId) {
        return PortNames.containerPort(endpointId);
    }

    /** The container end, named so while it is still in the host namespace. */
    static String containerEnd(String endpointId) {
        return "ovc" + hostEnd(endpointId).substring(3);
    }

    /**
     * Puts the port of {@code endpoint} back after the bridge was lost (deleted, or its OVSDB
     * recreated): only the port rows went, the veth stayed, its container end in the container.
     * Empty, and nothing done, when the host end is gone too: its container went with its
     * namespace, and Docker's DeleteEndpoint follows. Blocks; see {@link #wire}.
     */
    Optional<ContainerPort> rewire(DockerEndpoint endpoint) {
        if (plumbing.host().link(hostEnd(endpoint.id())).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(wire(endpoint));
    }

    /** The endpoint's port on the bridge, if it has one (from the switch's monitored replica). */
    Optional<ContainerPort> port(String endpointId) {
        return plumbing.ports().ofEndpoint(endpointId);
    }

    /**
     * Starts {@link #wire} on a thread of its own and returns at once: CreateEndpoint starts the
     * wiring so that it runs while Docker builds the sandbox, and Join waits for it.
     */
    CompletableFuture<ContainerPort> wireLater(DockerEndpoint endpoint) {
        return CompletableFuture.supplyAsync(() -> wire(endpoint), wiring);
    }

    /**
     * Creates the veth and the port of {@code endpoint}. Idempotent: an existing veth is kept (Docker
     * may already have moved its container end), and its port with it. A failed step undoes the
     * earlier ones. The store's record of this host's networks, from which the other hosts build
     * their tunnels to this one, is updated right after, off the caller's thread.
     */
    ContainerPort wire(DockerEndpoint endpoint) {
        String hostEnd = hostEnd(endpoint.id());
        String peer = containerEnd(endpoint.id());
        NetlinkHandle host = plumbing.host();
        Network network = plumbing.ipam().networks().get(endpoint.network());
        if (host.link(hostEnd).isPresent()) {
            Optional<ContainerPort> existing = port(endpoint.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            // The veth is there (its container end may be in the container already): only the port is missing.
            ContainerPort port = portOf(endpoint, network);
            await(plumbing.ports().add(port));
            membership.execute(() -> syncMembership(network.name()));
            return port;
        }
        int mtu = plumbing.containerMtu(network);
        UndoStack undo = new UndoStack();
        try {
            host.createVeth(Veth.of(hostEnd, peer).withMtu(mtu));
            undo.push(() -> host.deleteLink(hostEnd));
            host.setMac(peer, MacAddress.parse(endpoint.mac()));
            host.disableTxChecksum(peer);
            host.disableTxChecksum(hostEnd);
            host.setUp(hostEnd);
            ContainerPort port = portOf(endpoint, network);
            undo.push(() -> await(plumbing.ports().remove(hostEnd)));
            await(plumbing.ports().add(port));
            membership.execute(() -> syncMembership(network.name()));
            log.info("endpoint wired endpoint={} network={} ip={} ip6={} port={} tag={} mtu={}", endpoint.id(),
                    network.name(), endpoint.address(), endpoint.address6().orElse("-"), hostEnd, port.tag(), mtu);
            return port;
        } catch (RuntimeException e) {
            undo.unwind(e, undoFailure -> { });
            throw e;
        }
    }

    /** The port of {@code endpoint}: no container id (Docker does not name the container), the veth's container end as its interface. */
    private ContainerPort portOf(DockerEndpoint endpoint, Network network) {
        return new ContainerPort(hostEnd(endpoint.id()), "", containerEnd(endpoint.id()), network.name(), endpoint.id(),
                endpoint.address(), endpoint.address6(), endpoint.mac(), plumbing.tags().tagFor(network.name()));
    }

    /**
     * Removes the endpoint's port and both veth ends still in the host namespace (deleting one end
     * deletes the pair). Returns once the removal is committed to OVSDB; waiting for ovs-vswitchd
     * to apply it, deleting the veth and bringing the store's record of this host's networks up to
     * date happen afterwards, off the caller's thread: Docker waits for DeleteEndpoint, and nothing
     * depends on those steps (the container's namespace, when it goes, takes the veth with it).
     * Idempotent.
     */
    void remove(String endpointId) {
        Optional<ContainerPort> port = port(endpointId);
        CompletableFuture<Void> applied = await(plumbing.ports().removeCommitted(hostEnd(endpointId)));
        membership.execute(() -> {
            try {
                await(applied);
            } catch (RuntimeException e) {
                log.warn("endpoint port removal not applied endpoint={} reason={}", endpointId, e.getMessage());
            }
            plumbing.host().deleteLink(hostEnd(endpointId));
            plumbing.host().deleteLink(containerEnd(endpointId));
            port.ifPresent(p -> syncMembership(p.network()));
        });
    }

    private void syncMembership(String network) {
        try {
            attacher.syncMembership(network);
        } catch (RuntimeException e) {
            log.warn("membership not synced network={} reason={}", network, e.getMessage());
        }
    }

    /** Lets pending wirings, removals and membership updates finish (up to 10 s). Idempotent. */
    @Override
    public void close() {
        finish(wiring); // wirings first, then the removals and membership updates
        finish(membership);
    }

    /** Lets the executor's tasks finish, up to 10 s, then stops it. */
    private static void finish(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
