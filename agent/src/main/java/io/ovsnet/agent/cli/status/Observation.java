package io.ovsnet.agent.cli.status;

import io.ovsnet.agent.overlay.ContainerMtu;
import io.ovsnet.agent.overlay.ContainerMtu.HostUnderlay;
import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.agent.plugin.DockerEndpoint;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code ovsnet status} read from the local OVSDB, the store and Docker; {@link #status()}
 * compares them. Pure: no I/O, so the checks are tested on hand-built observations.
 *
 * @param host this host's name in the store
 * @param bridge the bridge's name
 * @param datapathType {@code Bridge.datapath_type}
 * @param vlans the local VLAN ids recorded on the bridge
 * @param tunnels ovsnet's tunnel ports on the bridge
 * @param interfaces the state OVS reports for each Interface, by name
 * @param ports ovsnet's container ports on the bridge
 * @param networks every network of the store
 * @param leases every lease of the store
 * @param containers every container Docker has, or empty when Docker could not be asked
 * @param warnings checks that could not be made
 * @param hosts every host of the store, whose underlay MTUs give a network's effective MTU
 */
public record Observation(String host, String bridge, String datapathType, LocalVlans vlans, List<TunnelPort> tunnels,
        Map<String, InterfaceState> interfaces, List<ContainerPort> ports, List<Network> networks, List<Lease> leases,
        Optional<List<DockerContainer>> containers, List<String> warnings, List<Host> hosts) {

    /** An observation without the store's hosts: networks' effective MTUs are not known. */
    public Observation(String host, String bridge, String datapathType, LocalVlans vlans, List<TunnelPort> tunnels,
            Map<String, InterfaceState> interfaces, List<ContainerPort> ports, List<Network> networks,
            List<Lease> leases, Optional<List<DockerContainer>> containers, List<String> warnings) {
        this(host, bridge, datapathType, vlans, tunnels, interfaces, ports, networks, leases, containers, warnings,
                List.of());
    }

    /** {@code Interface.link_state}, {@code ofport} and {@code error} of one interface. */
    public record InterfaceState(Optional<String> linkState, Optional<Long> ofport, Optional<String> error) {
        static final InterfaceState UNKNOWN = new InterfaceState(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Observation {
        tunnels = List.copyOf(tunnels);
        interfaces = Map.copyOf(interfaces);
        ports = List.copyOf(ports);
        networks = List.copyOf(networks);
        leases = List.copyOf(leases);
        containers = containers.map(List::copyOf);
        warnings = List.copyOf(warnings);
        hosts = List.copyOf(hosts);
    }

    /** The report: everything sorted so that the same state always prints the same way. */
    public HostStatus status() {
        Map<String, Network> byName = networks.stream().collect(Collectors.toMap(Network::name, Function.identity()));
        Map<String, DockerContainer> known = containers.orElse(List.of()).stream()
                .collect(Collectors.toMap(DockerContainer::id, Function.identity()));
        List<Problem> problems = new ArrayList<>();

        List<TunnelStatus> tunnelRows = tunnels.stream().sorted(Comparator.comparing(TunnelPort::name)).map(t -> {
            InterfaceState s = interfaces.getOrDefault(t.name(), InterfaceState.UNKNOWN);
            return new TunnelStatus(t.name(), t.network(), t.peer(), t.remoteIp(), t.key(), t.encap().ovsType(),
                    t.tag(), s.linkState(), s.ofport(), s.error());
        }).toList();
        for (TunnelStatus t : tunnelRows) {
            Network n = byName.get(t.network());
            if (n != null && n.vni() != t.vni()) {
                problems.add(new Problem(Problem.Kind.TUNNEL_VNI_MISMATCH, t.port(), "tunnel key " + t.vni()
                        + " but network " + t.network() + " has VNI " + n.vni()));
            }
            if (!t.state().equals("up")) {
                problems.add(new Problem(Problem.Kind.TUNNEL_DOWN, t.port(), "tunnel to " + t.peer() + " ("
                        + t.remoteIp() + ") is " + t.state() + t.error().map(e -> ": " + e).orElse("")));
            }
        }

        Set<String> present = new TreeSet<>(vlans.byNetwork().keySet());
        ports.forEach(p -> present.add(p.network()));
        tunnels.forEach(t -> present.add(t.network()));
        List<NetworkStatus> networkRows = new ArrayList<>();
        for (String name : present) {
            Optional<Network> n = Optional.ofNullable(byName.get(name));
            networkRows.add(new NetworkStatus(name, vlans.of(name), n.map(Network::vni), n.map(Network::mtu),
                    n.map(x -> x.encap().wireName()), n.flatMap(this::effectiveMtu)));
            if (n.isEmpty()) {
                problems.add(new Problem(Problem.Kind.NETWORK_NOT_IN_STORE, name,
                        "network " + name + " is on the bridge but not in the store"));
            }
        }

        List<EndpointStatus> endpointRows = ports.stream()
                .sorted(Comparator.comparing(ContainerPort::network).thenComparing(ContainerPort::ip)
                        .thenComparing(ContainerPort::name))
                .map(p -> new EndpointStatus(p.containerId(),
                        Optional.ofNullable(known.get(p.containerId())).map(DockerContainer::name), p.containerIface(),
                        p.network(), p.ip(), p.ip6(), p.mac(), p.name(), p.tag()))
                .toList();

        containers.ifPresent(list -> problems.addAll(containerProblems(known)));

        Set<String> owners = new HashSet<>(DockerEndpoint.dockerOwners(leases));
        ports.forEach(p -> {
            owners.add(p.containerId());
            owners.add(p.endpoint());
        });
        Map<Uuid, String> networkNames = networks.stream().collect(Collectors.toMap(Network::uuid, Network::name));
        for (Lease l : leases) {
            if (l.kind() != LeaseKind.ENDPOINT || !l.host().equals(Optional.of(host))) {
                continue;
            }
            String network = networkNames.getOrDefault(l.network(), "?");
            if (!owners.contains(l.owner())) {
                problems.add(new Problem(Problem.Kind.LEASE_WITHOUT_ENDPOINT, network + "/" + l.address(),
                        "address " + l.address() + " of network " + network + " is leased to " + l.owner()
                                + " on this host, which has no port"));
            } else if (l.family() == IpFamily.IPV6 && !recordedOnItsPort(l, network)) {
                problems.add(new Problem(Problem.Kind.LEASE_WITHOUT_ENDPOINT, network + "/" + l.address(),
                        "IPv6 address " + l.address() + " of network " + network + " is leased to " + l.owner()
                                + " on this host, whose port does not carry it (" + ContainerPort.IP6 + ")"));
            }
        }
        problems.sort(Comparator.comparing(Problem::kind).thenComparing(Problem::subject));
        return new HostStatus(host, bridge, datapathType, tunnelRows, networkRows, endpointRows, problems, warnings);
    }

    /**
     * The MTU the agent gives {@code network}'s containers on this host: the network's own, else
     * the one computed from every host's recorded underlay ({@link ContainerMtu#shared}); empty
     * when this host's record has no underlay MTU or tunnel address (no agent of schema 1.1.0 ran
     * here yet) or its underlay cannot carry the network.
     */
    private Optional<Integer> effectiveMtu(Network network) {
        if (network.mtu() != 0) {
            return Optional.of((int) network.mtu());
        }
        List<HostUnderlay> others = new ArrayList<>();
        Optional<HostUnderlay> self = Optional.empty();
        for (Host h : hosts) {
            Optional<HostUnderlay> underlay = underlayOf(h);
            if (h.name().equals(host)) {
                self = underlay;
            } else {
                underlay.ifPresent(others::add);
            }
        }
        try {
            return self.map(s -> ContainerMtu.shared(s, others, Encapsulation.ofOvsType(network.encap().wireName()),
                    OptionalInt.empty()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<HostUnderlay> underlayOf(Host h) {
        if (h.underlayMtu().isEmpty() || h.tunnelIp().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HostUnderlay(h.name(), h.underlayMtu().getAsInt(),
                    IpAddress.parse(h.tunnelIp().get()).toInetAddress()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the owner of the IPv6 lease {@code l} has a port in {@code network} that records its
     * address; true when the owner has no port at all (Docker's IPAM leases of plugin mode).
     */
    private boolean recordedOnItsPort(Lease l, String network) {
        List<ContainerPort> owned = ports.stream()
                .filter(p -> p.containerId().equals(l.owner()) || p.endpoint().equals(l.owner())).toList();
        return owned.isEmpty() || owned.stream().anyMatch(p -> p.network().equals(network)
                && p.ip6().flatMap(Observation::addressOf).filter(l.address()::equals).isPresent());
    }

    /** The address of {@code cidr} ({@code fd00::5/64}), or empty when it is not one. */
    private static Optional<IpAddress> addressOf(String cidr) {
        try {
            return Optional.of(IpAddress.parse(cidr.replaceFirst("/.*", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<Problem> containerProblems(Map<String, DockerContainer> known) {
        List<Problem> problems = new ArrayList<>();
        Set<String> withPort = new HashSet<>();
        for (ContainerPort p : ports) {
            if (DockerEndpoint.owns(p)) {
                continue; // plugin mode: Docker does not say which container joined; the port is Docker's
            }
            withPort.add(p.containerId());
            DockerContainer c = known.get(p.containerId());
            if (c == null) {
                problems.add(new Problem(Problem.Kind.PORT_WITHOUT_CONTAINER, p.name(), "port " + p.name()
                        + " belongs to container " + p.containerId() + ", which Docker no longer has"));
            } else if (!c.running()) {
                problems.add(new Problem(Problem.Kind.PORT_OF_STOPPED_CONTAINER, p.name(), "port " + p.name()
                        + " belongs to container " + c.name() + ", which is not running"));
            }
        }
        for (DockerContainer c : known.values()) {
            if (c.running() && c.network().isPresent() && !withPort.contains(c.id())) {
                problems.add(new Problem(Problem.Kind.CONTAINER_WITHOUT_PORT, c.name(), "container " + c.name()
                        + " is labelled for network " + c.network().get() + " but has no port on the bridge"));
            }
        }
        return problems;
    }
}
