package io.ovsnet.agent.attach;

import static io.ovsnet.agent.attach.PipelineWait.await;

import io.ovsnet.agent.docker.InvalidLabelException;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.netlink.AlreadyExistsException;
import io.ovsnet.agent.netlink.Link;
import io.ovsnet.agent.netlink.MacAddress;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.Route;
import io.ovsnet.agent.netlink.Veth;
import io.ovsnet.agent.overlay.PortNames;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.Failures;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attach/detach pipeline of event mode (ARCHITECTURE.md decision 6), keyed by container id
 * with one writer per container ({@link KeyedExecutor}).
 *
 * <p><b>Attach</b> a container labelled {@code ovsnet.network=NAME}: lease an address from the
 * shared pool (owner = container id) while creating a veth pair whose container end is born inside
 * the container's network namespace (Docker's SandboxKey, else {@code /proc/PID/ns/net}) under the
 * name of {@code ovsnet.iface} or the first free {@code ethN}, with the computed MTU; turn TX
 * checksum offload off on both ends (TCP fails on the userspace datapath otherwise); give the
 * container end the lease's MAC and address; put the host end on the bridge as an access port with
 * the network's local VLAN and the external_ids of decision 4, in one transaction, and wait until
 * ovs-vswitchd applied it; then bring the container end up and add the subnet route; finally make
 * sure the store records that this host has endpoints in the network. So "attached" (and, seen
 * from inside the container, "interface up with its address") means the port is forwarding. A
 * failed step undoes the earlier ones, but keeps a lease the container held before the attach
 * (its address stays its own for the retry). At DEBUG, one line per attach gives the time of each step.
 *
 * <p><b>Detach</b>: take the container's ports off the bridge, delete the host ends, release the
 * container's leases, update the store's record of this host's networks.
 *
 * <p>A network with an IPv6 subnet gives the container an IPv6 lease and address too (dual-stack,
 * or IPv6 only when it has no IPv4 subnet); the port records it as {@code ovsnet-ip6}.
 *
 * <p>Both are idempotent: attaching a container whose port is healthy (port in OVSDB, both veth
 * ends present, every address the port records on the container's interface, its leases still the
 * container's) adopts it without change; an unhealthy one is rebuilt. Detaching a container with
 * nothing left does nothing.
 * Failures are per container: they complete the returned future exceptionally and are logged
 * with the reason; nothing else is affected.
 */
public final class Attacher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Attacher.class);
    private static final Path OWN_NAMESPACE = Path.of("/proc/self/ns/net");

    private final HostPlumbing plumbing;
    private final KeyedExecutor lanes;
    private final Object membership = new Object();
    /** Networks whose membership this attacher recorded in the store; guarded by {@link #membership}. */
    private final Set<String> joined = new HashSet<>();
    /** Takes leases from the store and opens container namespaces while the attach lanes create veths. */
    private final ExecutorService helpers;

    /** @param lanes how many containers may be attached or detached at once */
    public Attacher(HostPlumbing plumbing, int lanes) {
        this.plumbing = plumbing;
        this.lanes = new KeyedExecutor(lanes, "attach");
        this.helpers = Executors.newFixedThreadPool(2 * lanes, r -> {
            Thread t = new Thread(r, "attach-helper");
            t.setDaemon(true);
            return t;
        });
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
                        + "ip6={} port={} tag={} millis={}", container.id(), container.name(), p.network(),
                        p.containerIface(), p.ip(), p.ip6().orElse("-"), p.name(), p.tag(),
                        (System.nanoTime() - started) / 1_000_000));
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
     * Lowers the MTU of the interface of port {@code portName} in {@code container}, both veth
     * ends (the container's first, so that it stops sending what the host end would drop), to
     * {@code mtu} where it is larger: a host with a smaller underlay joined the store. Never raises
     * it: a running container's applications may have sized their packets by it. Runs on the
     * container's lane, after any attach under way. Completes with whether it lowered it.
     * Idempotent.
     */
    public CompletableFuture<Boolean> lowerMtu(RunningContainer container, String portName, int mtu) {
        return lanes.submit(container.id(), () -> {
            Optional<ContainerPort> port = plumbing.ports().onBridge().stream()
                    .filter(p -> p.name().equals(portName)).findFirst();
            Optional<Link> hostEnd = plumbing.host().link(portName);
            if (port.isEmpty() || hostEnd.isEmpty() || hostEnd.get().mtu() <= mtu) {
                return false;
            }
            String iface;
            try (NetlinkHandle inside = NetlinkHandle.open(containerNamespace(container))) {
                iface = peerName(hostEnd.get(), inside).orElse(port.get().containerIface());
                inside.setMtu(iface, mtu);
            }
            plumbing.host().setMtu(portName, mtu);
            log.info("container MTU lowered container={} network={} iface={} port={} from={} to={}",
                    container.id(), port.get().network(), iface, portName, hostEnd.get().mtu(), mtu);
            return true;
        });
    }

    /**
     * The name of {@code hostEnd}'s veth peer among the links of {@code inside}: the port records
     * the name the container end was created with, which Docker changes when it moves an
     * endpoint's interface into the container (plugin mode).
     */
    private static Optional<String> peerName(Link hostEnd, NetlinkHandle inside) {
        if (hostEnd.peerIndex().isEmpty()) {
            return Optional.empty();
        }
        int peer = hostEnd.peerIndex().getAsInt();
        return inside.links().stream().filter(l -> l.index() == peer).map(Link::name).findFirst();
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
                if (e.reason() != IpamException.Reason.UNKNOWN_NETWORK) {
                    throw e; // the store is unreachable: the caller's work is retried
                }
                log.debug("membership not synced, network gone network={} reason={}", network, e.getMessage());
                return;
            }
            boolean local = localPorts().stream().anyMatch(p -> p.network().equals(network));
            if (local) {
                plumbing.ipam().hosts().joined(plumbing.hostName(), net.uuid());
                joined.add(network);
            } else {
                joined.remove(network);
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
        StepTimer steps = new StepTimer();
        List<ContainerPort> existing = await(plumbing.ports().ofContainer(container.id()));
        if (!existing.isEmpty()) {
            try (NetlinkHandle inside = NetlinkHandle.open(containerNamespace(container))) {
                for (ContainerPort port : existing) {
                    Optional<String> flaw = port.network().equals(labels.network()) ? flaw(port, inside)
                            : Optional.of("the container is now labelled for network " + labels.network());
                    if (flaw.isEmpty()) {
                        flaw = adopt(port);
                    }
                    if (flaw.isEmpty()) {
                        return Optional.of(port);
                    }
                    log.info("container port not healthy, rebuilding container={} port={} reason={}",
                            container.id(), port.name(), flaw.get());
                    removePort(port.name());
                }
            }
        }
        steps.lap("lookup");
        ContainerPort port = build(container, labels, steps);
        log.debug("attach steps container={} micros={}", container.id(), steps);
        return Optional.of(port);
    }

    /**
     * Keeps a healthy port as it is, making sure its leases (each address it records) and the
     * store's membership record are there. Returns why the port must be rebuilt instead: an
     * address of it is now leased to someone else, or its owner holds another one, or its network
     * has an IPv6 subnet that the port has no address of (a port made before ports recorded
     * {@code ovsnet-ip6}). A store that cannot confirm the leases does not stop the adoption (the
     * port keeps forwarding); it is logged.
     */
    private Optional<String> adopt(ContainerPort port) {
        try {
            if (port.ip6().isEmpty() && plumbing.ipam().networks().get(port.network()).subnet6().isPresent()) {
                return Optional.of("network " + port.network() + " has an IPv6 subnet and the port records no "
                        + "IPv6 address");
            }
            for (String address : port.addresses()) {
                plumbing.ipam().leases().reserve(port.network(), IpAddress.parse(address.replaceFirst("/.*", "")),
                        port.containerId(), LeaseKind.ENDPOINT, Optional.of(plumbing.hostName()));
            }
        } catch (IpamException | IllegalArgumentException e) {
            if (e instanceof IpamException refused && (refused.reason() == IpamException.Reason.ADDRESS_TAKEN
                    || refused.reason() == IpamException.Reason.OWNER_HOLDS_ANOTHER)) {
                return Optional.of("its lease is gone: " + e.getMessage());
            }
            log.warn("adopted port's leases not confirmed port={} ip={} ip6={} reason={}", port.name(), port.ip(),
                    port.ip6().orElse("-"), e.getMessage());
        }
        syncMembership(port.network());
        log.info("container port adopted container={} port={} ip={} ip6={}", port.containerId(), port.name(),
                port.ip(), port.ip6().orElse("-"));
        return Optional.empty();
    }

    /**
     * Builds the container's port. Three things run at once: the lease is taken from the store,
     * a netlink handle is opened inside the container, and the veth pair is created (its container
     * end named {@code ovsnet.iface}, else {@code eth0}, else, when that is taken, the first free
     * {@code ethN}); the host end gets TX checksum offload off and comes up. Then the port goes on
     * the bridge while the container end gets TX checksum offload off, its MAC and its address,
     * and only when ovs-vswitchd has applied the port is the container end brought up with its
     * subnet route: an interface that is up with its address is forwarding. (The host end is
     * complete before the insert so that ovs-vswitchd adds a device that is up and final.)
     *
     * <p>A network may have an IPv4 subnet, an IPv6 subnet or both; the container gets one lease
     * and address of each (taken at once). Its MAC is the IPv4 lease's, else the IPv6 one's.
     */
    private ContainerPort build(RunningContainer container, OvsnetLabels labels, StepTimer steps) {
        String id = container.id();
        Instant started = Instant.ofEpochMilli(System.currentTimeMillis()); // as Leases stamps a lease it creates
        CompletableFuture<Optional<Lease>> leased4 = CompletableFuture.supplyAsync(() -> lease4(labels, id), helpers);
        CompletableFuture<Optional<Lease>> leased6 = CompletableFuture.supplyAsync(() -> lease6(labels, id), helpers);
        Namespace namespace = containerNamespace(container);
        CompletableFuture<NetlinkHandle> opening = CompletableFuture.supplyAsync(
                () -> NetlinkHandle.open(namespace), helpers);
        UndoStack undo = new UndoStack();
        undo.push(() -> {
            for (CompletableFuture<Optional<Lease>> leased : List.of(leased4, leased6)) {
                Optional<Lease> lease = leased.handle((l, failure) -> failure == null ? l : Optional.<Lease>empty()).join();
                if (lease.isPresent() && takenBy(lease.get(), plumbing.hostName(), started)) {
                    plumbing.ipam().leases().release(labels.network(), lease.get().address());
                } else {
                    lease.ifPresent(kept -> log.info("failed attach keeps the lease the container held before "
                            + "container={} network={} address={}", id, labels.network(), kept.address()));
                }
            }
        });
        try {
            Network network = plumbing.ipam().networks().get(labels.network());
            int mtu = plumbing.containerMtu(network);
            int tag = plumbing.tags().tagFor(network.name());
            steps.lap("network");
            String hostEnd = PortNames.containerPort(id);
            NetlinkHandle host = plumbing.host();
            host.deleteLink(hostEnd);
            String iface = createVeth(hostEnd, labels, namespace, mtu, opening);
            undo.push(() -> host.deleteLink(hostEnd));
            host.disableTxChecksum(hostEnd);
            host.setUp(hostEnd);
            steps.lap("veth");
            Optional<Lease> lease4 = await(leased4);
            Optional<Lease> lease6 = await(leased6);
            steps.lap("lease");
            Optional<Address> address4 = lease4.map(l -> address(l, network.subnet4()));
            Optional<Address> address6 = lease6.map(l -> address(l, network.subnet6()));
            Lease primary = lease4.or(() -> lease6).orElseThrow(() -> new IllegalArgumentException("network "
                    + network.name() + " has no subnet"));
            MacAddress mac = new MacAddress(primary.mac().value());
            Optional<String> recorded6 = lease6.map(l -> recorded(l, network.subnet6()));
            ContainerPort port = new ContainerPort(hostEnd, id, iface, network.name(), id,
                    lease4.map(l -> recorded(l, network.subnet4())).or(() -> recorded6).orElseThrow(), recorded6,
                    mac.toString(), tag);
            CompletableFuture<Void> added = plumbing.ports().add(port);
            undo.push(() -> {
                added.handle((v, failure) -> null).join(); // a removal must not overtake the insert
                removePort(hostEnd);
            });
            NetlinkHandle inside = await(opening);
            steps.lap("netns");
            inside.disableTxChecksum(iface);
            inside.setMac(iface, mac);
            if (address4.isPresent()) {
                inside.addAddress(iface, address4.get());
            }
            if (address6.isPresent()) {
                inside.enableIpv6(iface); // Docker turns it off where a container has no IPv6 network
                inside.addAddress(iface, address6.get()); // without duplicate address detection
            }
            steps.lap("address");
            await(added);
            steps.lap("port");
            inside.setUp(iface);
            // The IPv6 connected route comes with the address (the kernel adds its prefix route;
            // adding it here too would make a second one, of another metric).
            if (network.subnet4().isPresent()) {
                Cidr subnet = network.subnet4().get();
                inside.addRoute(Route.connected(new Address(subnet.network().toInetAddress(), subnet.prefixLength()),
                        iface));
            }
            steps.lap("up");
            joined(network.name());
            steps.lap("membership");
            return port;
        } catch (RuntimeException e) {
            undo.unwind(e, undoFailure -> log.warn("undo of a failed attach failed container={} reason={}", id,
                    reason(undoFailure)));
            throw e;
        } finally {
            opening.thenAccept(NetlinkHandle::close);
        }
    }

    /**
     * Whether {@code lease} was created by an attach on {@code host} that started at {@code started}
     * (by this host's clock), rather than held by the container before: allocate and reserve hand
     * an owner the lease it holds, so a failed attach must give back only a lease it created. Leases
     * stamps a lease it creates with its client's clock, so one created by this attach has this
     * host and a time not before {@code started}; one held before is older (a re-attach never
     * follows the claim it repeats within the same millisecond). Errs on the safe side: a clock
     * stepped back during the attach keeps a new lease, which the retry takes again and a detach
     * releases; only a clock stepped back by more than the lease's age gives one back wrongly.
     */
    static boolean takenBy(Lease lease, String host, Instant started) {
        return lease.host().filter(host::equals).isPresent() && !lease.created().isBefore(started);
    }

    /**
     * Creates the veth pair {@code hostEnd} / container end, the latter born in the container's
     * namespace, and returns the container end's name: {@code ovsnet.iface} when the label gives
     * one, else {@code eth0}, else (when {@code eth0} is taken) the first free {@code ethN}, which
     * needs the list of the container's links. Not idempotent.
     */
    private String createVeth(String hostEnd, OvsnetLabels labels, Namespace namespace, int mtu,
            CompletableFuture<NetlinkHandle> inside) {
        String iface = labels.iface().orElse("eth0");
        try {
            plumbing.host().createVeth(Veth.of(hostEnd, iface).withPeerIn(namespace).withMtu(mtu));
            return iface;
        } catch (AlreadyExistsException e) {
            if (labels.iface().isPresent()) {
                throw new IllegalStateException("the container already has an interface named " + iface
                        + "; choose another with the label " + OvsnetLabels.IFACE, e);
            }
        }
        String free = firstFreeEth(await(inside).links().stream().map(Link::name).toList());
        plumbing.host().createVeth(Veth.of(hostEnd, free).withPeerIn(namespace).withMtu(mtu));
        return free;
    }

    /**
     * The container's IPv4 lease, when its network has an IPv4 subnet: the address of
     * {@code ovsnet.ip}, else any free one. Idempotent per owner. The label names an IPv4 address;
     * an IPv6 address always comes from the pool.
     */
    private Optional<Lease> lease4(OvsnetLabels labels, String id) {
        if (labels.ip().filter(Inet6Address.class::isInstance).isPresent()) {
            throw new InvalidLabelException(OvsnetLabels.IP, labels.ip().get().getHostAddress(),
                    "an IPv4 address (IPv6 addresses come from the pool)");
        }
        Network network = plumbing.ipam().networks().get(labels.network());
        if (network.subnet4().isEmpty()) {
            if (labels.ip().isPresent()) {
                throw new InvalidLabelException(OvsnetLabels.IP, labels.ip().get().getHostAddress(),
                        "no such label on network " + network.name()
                                + ", which has no IPv4 subnet (IPv6 addresses come from the pool)");
            }
            return Optional.empty();
        }
        return Optional.of(labels.ip().isPresent()
                ? plumbing.ipam().leases().reserve(labels.network(), IpAddress.of(labels.ip().get()), id,
                        LeaseKind.ENDPOINT, Optional.of(plumbing.hostName()))
                : plumbing.ipam().leases().allocate(labels.network(), IpFamily.IPV4, id, LeaseKind.ENDPOINT,
                        Optional.of(plumbing.hostName())));
    }

    /**
     * {@code lease}'s address as the port records it: with the prefix length of {@code subnet}, the
     * subnet of its family, an IPv6 address in its short form ({@code fd00:1::5/64}).
     */
    private static String recorded(Lease lease, Optional<Cidr> subnet) {
        return lease.address() + "/" + subnet.orElseThrow().prefixLength();
    }

    /** {@code lease}'s address with the prefix length of {@code subnet}, the subnet of its family. */
    private static Address address(Lease lease, Optional<Cidr> subnet) {
        return new Address(lease.address().toInetAddress(), subnet.orElseThrow().prefixLength());
    }

    /**
     * The container's IPv6 lease, any free address, when its network has an IPv6 subnet.
     * Idempotent per owner.
     */
    private Optional<Lease> lease6(OvsnetLabels labels, String id) {
        Network network = plumbing.ipam().networks().get(labels.network());
        if (network.subnet6().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(plumbing.ipam().leases().allocate(labels.network(), IpFamily.IPV6, id, LeaseKind.ENDPOINT,
                Optional.of(plumbing.hostName())));
    }

    /**
     * Records in the store that this host has endpoints in {@code network}, after one of its ports
     * was committed; a store round trip only when this attacher has not recorded it since the last
     * {@link #syncMembership} that found none.
     */
    private void joined(String network) {
        synchronized (membership) {
            if (joined.contains(network)) {
                return;
            }
        }
        syncMembership(network);
    }

    private int detachNow(String id, Map<String, String> labels) {
        List<ContainerPort> ports = await(plumbing.ports().ofContainer(id));
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
                if (e.reason() != IpamException.Reason.UNKNOWN_NETWORK) {
                    throw e; // the store is unreachable: the detach is retried, the lease is not forgotten
                }
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

    /**
     * Why the port is not healthy, or empty when it is: both veth ends present, and every address
     * the port records (IPv4 and IPv6) on the container's interface.
     */
    private Optional<String> flaw(ContainerPort port, NetlinkHandle inside) {
        if (plumbing.host().link(port.name()).isEmpty()) {
            return Optional.of("host end " + port.name() + " is missing");
        }
        if (inside.link(port.containerIface()).isEmpty()) {
            return Optional.of("container interface " + port.containerIface() + " is missing");
        }
        return missingAddress(port, inside.addresses(port.containerIface()));
    }

    /** Which address that {@code port} records is not among {@code present}, said in words; empty when none. */
    static Optional<String> missingAddress(ContainerPort port, List<Address> present) {
        for (String recorded : port.addresses()) {
            Address address;
            try {
                address = Address.parse(recorded);
            } catch (IllegalArgumentException e) {
                return Optional.of("recorded address " + recorded + " is not valid");
            }
            if (!present.contains(address)) {
                return Optional.of("address " + recorded + " is missing on " + port.containerIface());
            }
        }
        return Optional.empty();
    }

    private List<ContainerPort> localPorts() {
        return plumbing.ports().onBridge();
    }

    /**
     * The container's network namespace: Docker's SandboxKey when this process can enter it (it is
     * a bind mount that may live only in dockerd's mount namespace, in which case this process sees
     * a plain file there, not one on the namespace filesystem), else the init process's namespace.
     */
    private static Namespace containerNamespace(RunningContainer container) {
        return container.sandboxKey().filter(Attacher::isNamespaceFile).map(Namespace::of)
                .orElseGet(() -> Namespace.ofPid(container.pid()));
    }

    /** Whether {@code path} is on the kernel's namespace filesystem (nsfs), as /proc/self/ns/net is. */
    private static boolean isNamespaceFile(Path path) {
        try {
            return Files.getAttribute(path, "unix:dev").equals(Files.getAttribute(OWN_NAMESPACE, "unix:dev"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
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

    private static String reason(Throwable failure) {
        Throwable t = Failures.unwrap(failure);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Lets attaches and detaches under way finish, then stops. Idempotent. */
    @Override
    public void close() {
        lanes.close();
        helpers.shutdown();
    }
}
