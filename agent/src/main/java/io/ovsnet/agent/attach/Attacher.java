package io.ovsnet.agent.attach;

import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.netlink.Link;
import io.ovsnet.agent.netlink.MacAddress;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.Route;
import io.ovsnet.agent.netlink.Veth;
import io.ovsnet.agent.overlay.ContainerMtu;
import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.PortNames;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.agent.ovs.PortIndex;
import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attach/detach pipeline of event mode (ARCHITECTURE.md decision 6), keyed by container id
 * with one writer per container ({@link KeyedExecutor}).
 *
 * <p><b>Attach</b> a container labelled {@code ovsnet.network=NAME}: lease an address from the
 * shared pool (owner = container id), create a veth pair whose container end is born inside the
 * container's network namespace (Docker's SandboxKey, else {@code /proc/PID/ns/net}) under the
 * name of {@code ovsnet.iface} or the first free {@code ethN}, give it the lease's MAC, the
 * computed MTU, the address and the subnet route, turn TX checksum offload off on both ends (TCP
 * fails on the userspace datapath otherwise), put the host end on the bridge as an access port
 * with the network's local VLAN and the external_ids of decision 4, and record in the store that
 * this host has endpoints in the network. A failed step undoes the earlier ones.
 *
 * <p><b>Detach</b>: take the container's ports off the bridge, delete the host ends, release the
 * container's leases, update the store's record of this host's networks.
 *
 * <p>Both are idempotent: attaching a container whose port is healthy (port in OVSDB, both veth
 * ends present) adopts it without change; detaching a container with nothing left does nothing.
 * Failures are per container: they complete the returned future exceptionally and are logged
 * with the reason; nothing else is affected.
 */
public final class Attacher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Attacher.class);
    private static final long OVSDB_TIMEOUT_SECONDS = 30;

    private final HostPlumbing plumbing;
    private final KeyedExecutor lanes;
    private final Object membership = new Object();

    /** @param lanes how many containers may be attached or detached at once */
    public Attacher(HostPlumbing plumbing, int lanes) {
        this.plumbing = plumbing;
        this.lanes = new KeyedExecutor(lanes, "attach");
    }

    /**
     * Attaches {@code container} if it carries {@code ovsnet.network}; completes with its port, or
     * empty when the container is not ovsnet's. Idempotent (see the class comment).
     */
    public CompletableFuture<Optional<ContainerPort>> attach(RunningContainer container) {
        long started = System.nanoTime();
        return lanes.submit(container.id(), () -> attachNow(container)).whenComplete((port, failure) -> {
            if (failure != null) {
                log.warn("container not attached container={} name={} reason={}", container.id(),
                        container.name(), reason(failure));
            } else {
                port.ifPresent(p -> log.info("container attached container={} name={} network={} iface={} ip={} "
                        + "port={} tag={} millis={}", container.id(), container.name(), p.network(),
                        p.containerIface(), p.ip(), p.name(), p.tag(), (System.nanoTime() - started) / 1_000_000));
            }
        });
    }

    /**
     * Detaches the container {@code id}: removes its ports and releases its leases in the networks
     * of its ports and in the network its {@code labels} name. Completes with the number of ports
     * removed. Idempotent.
     */
    public CompletableFuture<Integer> detach(String id, Map<String, String> labels) {
        return lanes.submit(id, () -> detachNow(id, labels)).whenComplete((removed, failure) -> {
            if (failure != null) {
                log.warn("container not detached container={} reason={}", id, reason(failure));
            } else {
                log.info("container detached container={} portsRemoved={}", id, removed);
            }
        });
    }

    /**
     * Makes the store's record of this host's networks ({@code Host.networks}) agree with the
     * container ports on the bridge, for {@code network}. Idempotent; blocks. Runs one at a time,
     * so that the last call sees the final state of the bridge.
     */
    public void syncMembership(String network) {
        synchronized (membership) {
            Network net;
            try {
                net = plumbing.ipam().networks().get(network);
            } catch (IpamException e) {
                log.debug("membership not synced, network gone network={} reason={}", network, e.getMessage());
                return;
            }
            boolean local = localPorts().stream().anyMatch(p -> p.network().equals(network));
            if (local) {
                plumbing.ipam().hosts().joined(plumbing.hostName(), net.uuid());
            } else {
                plumbing.ipam().hosts().left(plumbing.hostName(), net.uuid());
            }
        }
    }

    private Optional<ContainerPort> attachNow(RunningContainer container) {
        Optional<OvsnetLabels> parsed = OvsnetLabels.parse(container.labels());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        OvsnetLabels labels = parsed.get();
        List<ContainerPort> existing = PortIndex.of(localPorts()).ofContainer(container.id());
        try (NetlinkHandle inside = openContainerNamespace(container)) {
            for (ContainerPort port : existing) {
                if (port.network().equals(labels.network()) && healthy(port, inside)) {
                    adopt(port);
                    return Optional.of(port);
                }
                log.info("container port not healthy, rebuilding container={} port={}", container.id(), port.name());
                removePort(port.name());
            }
            return Optional.of(build(container, labels, inside));
        }
    }

    /** Keeps a healthy port as it is, making sure its lease and the store's membership record are there. */
    private void adopt(ContainerPort port) {
        try {
            plumbing.ipam().leases().reserve(port.network(), IpAddress.parse(port.ip().replaceFirst("/.*", "")),
                    port.containerId(), LeaseKind.ENDPOINT, Optional.of(plumbing.hostName()));
        } catch (IpamException | IllegalArgumentException e) {
            log.warn("adopted port's lease not confirmed port={} ip={} reason={}", port.name(), port.ip(),
                    e.getMessage());
        }
        syncMembership(port.network());
        log.info("container port adopted container={} port={} ip={}", port.containerId(), port.name(), port.ip());
    }

    private ContainerPort build(RunningContainer container, OvsnetLabels labels, NetlinkHandle inside) {
        String id = container.id();
        Network network = plumbing.ipam().networks().get(labels.network());
        Cidr subnet = network.subnet4().orElseThrow(() -> new IllegalArgumentException("network "
                + network.name() + " has no IPv4 subnet; event mode attaches IPv4 only"));
        Encapsulation encap = Encapsulation.ofOvsType(network.encap().wireName());
        int mtu = ContainerMtu.of(plumbing.underlay().mtu(), plumbing.underlay().address(), encap,
                network.mtu() == 0 ? OptionalInt.empty() : OptionalInt.of((int) network.mtu()));
        String iface = labels.iface().orElseGet(() -> firstFreeEth(inside.links().stream().map(Link::name).toList()));
        if (inside.link(iface).isPresent()) {
            throw new IllegalStateException("the container already has an interface named " + iface
                    + "; choose another with the label " + OvsnetLabels.IFACE);
        }
        String hostEnd = PortNames.containerPort(id);
        NetlinkHandle host = plumbing.host();
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            Lease lease = labels.ip().isPresent()
                    ? plumbing.ipam().leases().reserve(network.name(), IpAddress.of(labels.ip().get()), id,
                            LeaseKind.ENDPOINT, Optional.of(plumbing.hostName()))
                    : plumbing.ipam().leases().allocate(network.name(), IpFamily.IPV4, id, LeaseKind.ENDPOINT,
                            Optional.of(plumbing.hostName()));
            undo.push(() -> plumbing.ipam().leases().releaseOwner(network.name(), id));
            Address address = new Address(lease.address().toInetAddress(), subnet.prefixLength());
            MacAddress mac = MacAddress.parse(lease.mac().toString());

            host.deleteLink(hostEnd);
            host.createVeth(Veth.of(hostEnd, iface).withPeerIn(inside.namespace()).withMtu(mtu));
            undo.push(() -> host.deleteLink(hostEnd));
            inside.setMac(iface, mac);
            inside.addAddress(iface, address);
            inside.disableTxChecksum(iface);
            inside.setUp(iface);
            inside.addRoute(Route.connected(new Address(subnet.network().toInetAddress(), subnet.prefixLength()),
                    iface));
            host.disableTxChecksum(hostEnd);
            host.setUp(hostEnd);

            ContainerPort port = new ContainerPort(hostEnd, id, iface, network.name(), id, address.toString(),
                    mac.toString(), plumbing.tags().tagFor(network.name()));
            undo.push(() -> removePort(hostEnd));
            await(plumbing.ports().add(port));
            syncMembership(network.name());
            return port;
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException undoFailure) {
                    log.warn("undo of a failed attach failed container={} reason={}", id, reason(undoFailure));
                    e.addSuppressed(undoFailure);
                }
            }
            throw e;
        }
    }

    private int detachNow(String id, Map<String, String> labels) {
        List<ContainerPort> ports = PortIndex.of(localPorts()).ofContainer(id);
        Set<String> networks = new TreeSet<>();
        ports.forEach(p -> networks.add(p.network()));
        try {
            OvsnetLabels.parse(labels).ifPresent(l -> networks.add(l.network()));
        } catch (IllegalArgumentException e) {
            log.debug("labels of detached container not valid container={} reason={}", id, e.getMessage());
        }
        for (ContainerPort port : ports) {
            removePort(port.name());
        }
        for (String network : networks) {
            try {
                int released = plumbing.ipam().leases().releaseOwner(network, id);
                log.debug("leases released container={} network={} count={}", id, network, released);
            } catch (IpamException e) {
                log.debug("leases not released, network gone container={} network={} reason={}", id, network,
                        e.getMessage());
            }
            syncMembership(network);
        }
        return ports.size();
    }

    /** Takes the port off the bridge and deletes its veth. Idempotent. */
    private void removePort(String name) {
        await(plumbing.ports().remove(name));
        plumbing.host().deleteLink(name);
    }

    private boolean healthy(ContainerPort port, NetlinkHandle inside) {
        return plumbing.host().link(port.name()).isPresent() && inside.link(port.containerIface()).isPresent();
    }

    private List<ContainerPort> localPorts() {
        return await(plumbing.bridge().snapshot()).containerPorts();
    }

    /**
     * A handle inside the container: on Docker's SandboxKey when this process can enter it (it is
     * a bind mount that may live only in dockerd's mount namespace), else on the init process's
     * namespace.
     */
    private static NetlinkHandle openContainerNamespace(RunningContainer container) {
        if (container.sandboxKey().isPresent()) {
            try {
                return NetlinkHandle.open(Namespace.of(container.sandboxKey().get()));
            } catch (RuntimeException e) {
                log.debug("sandbox key not usable, using the process namespace container={} key={} reason={}",
                        container.id(), container.sandboxKey().get(), e.getMessage());
            }
        }
        return NetlinkHandle.open(Namespace.ofPid(container.pid()));
    }

    /** The first of {@code eth0}, {@code eth1}, ... that is not in {@code taken}. */
    static String firstFreeEth(List<String> taken) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (!taken.contains(name)) {
                return name;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.orTimeout(OVSDB_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String reason(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Lets attaches and detaches under way finish, then stops. Idempotent. */
    @Override
    public void close() {
        lanes.close();
    }
}
