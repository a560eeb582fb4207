package io.ovsnet.agent.overlay;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes this host's tunnel mesh (ARCHITECTURE.md decision 3) and what must change to reach it.
 *
 * <p>For every network in which this host has endpoints, one tunnel port to each other host that
 * also has endpoints in it (lazy: no port where either side has none), of the network's
 * encapsulation, {@code remote_ip} the peer's address, {@code key} the VNI, tag the network's
 * local VLAN, protected. Pure and deterministic; planning again after the diff was applied gives
 * an empty diff.
 */
public final class MeshPlanner {
    private static final Logger log = LoggerFactory.getLogger(MeshPlanner.class);
    private static final Comparator<TunnelPort> BY_PAIR =
            Comparator.comparing(TunnelPort::network).thenComparing(TunnelPort::peer);

    private final String self;

    /** @param self this host's name, as it is registered in the store */
    public MeshPlanner(String self) {
        this.self = self;
    }

    /**
     * The tunnel ports this host should have; names are empty (they depend on the ports that exist).
     *
     * @param members the hosts with endpoints in each network
     * @param addresses each host's tunnel endpoint address; a peer without one gets no port yet
     * @param vlans local VLAN ids, one for every network where this host has endpoints
     * @throws IllegalStateException when a network with local endpoints has no local VLAN
     */
    public List<TunnelPort> desired(Collection<NetworkMembers> members, Map<String, InetAddress> addresses, LocalVlans vlans) {
        List<TunnelPort> ports = new ArrayList<>();
        for (NetworkMembers m : members) {
            if (!m.hosts().contains(self)) {
                continue;
            }
            OverlayNetwork net = m.network();
            int tag = vlans.of(net.name()).orElseThrow(() ->
                    new IllegalStateException("network " + net.name() + " has local endpoints but no local VLAN"));
            for (String peer : m.hosts()) {
                if (peer.equals(self)) {
                    continue;
                }
                InetAddress address = addresses.get(peer);
                if (address == null) {
                    log.warn("peer has no tunnel address, no tunnel yet peer={} network={}", peer, net.name());
                    continue;
                }
                ports.add(new TunnelPort("", net.name(), peer, net.encap(), address.getHostAddress(), net.vni(), tag, true));
            }
        }
        ports.sort(BY_PAIR);
        return ports;
    }

    /**
     * What turns the {@code actual} tunnel ports into {@code desired} ones. Ports are matched by
     * (network, peer); a matching port with other settings is modified in place and keeps its
     * name; a second port of the same pair is removed; new ports get names that neither an actual
     * port nor any name in {@code namesInUse} has.
     *
     * @param namesInUse every Port and Interface name in the switch's database (names are unique
     *     there across all bridges)
     */
    public MeshDiff diff(List<TunnelPort> desired, Collection<TunnelPort> actual, Set<String> namesInUse) {
        Map<List<String>, TunnelPort> byPair = new LinkedHashMap<>();
        List<TunnelPort> remove = new ArrayList<>();
        Set<String> taken = new HashSet<>(namesInUse);
        for (TunnelPort port : actual.stream().sorted(Comparator.comparing(TunnelPort::name)).toList()) {
            taken.add(port.name());
            if (byPair.putIfAbsent(pair(port), port) != null) {
                remove.add(port);
            }
        }
        List<TunnelPort> add = new ArrayList<>();
        List<TunnelPort> modify = new ArrayList<>();
        for (TunnelPort want : desired.stream().sorted(BY_PAIR).toList()) {
            TunnelPort have = byPair.remove(pair(want));
            if (have == null) {
                String name = PortNames.tunnel(want.encap(), want.peer(), want.key(), taken);
                taken.add(name);
                add.add(want.named(name));
            } else if (!have.sameSettings(want)) {
                modify.add(want.named(have.name()));
            }
        }
        byPair.values().stream().sorted(Comparator.comparing(TunnelPort::name)).forEach(remove::add);
        return new MeshDiff(add, remove, modify);
    }

    /** {@link #desired} and {@link #diff} in one step. */
    public MeshDiff plan(Collection<NetworkMembers> members, Map<String, InetAddress> addresses, LocalVlans vlans,
            Collection<TunnelPort> actual, Set<String> namesInUse) {
        return diff(desired(members, addresses, vlans), actual, namesInUse);
    }

    /**
     * {@link #plan(Collection, Map, LocalVlans, Collection, Set)} knowing only the names of the
     * actual tunnel ports. A name held by a port on another bridge makes the transaction fail with
     * "constraint violation"; pass {@code BridgeSnapshot.namesInUse()} to the other form instead.
     */
    public MeshDiff plan(Collection<NetworkMembers> members, Map<String, InetAddress> addresses, LocalVlans vlans,
            Collection<TunnelPort> actual) {
        return plan(members, addresses, vlans, actual, Set.of());
    }

    private static List<String> pair(TunnelPort port) {
        return List.of(port.network(), port.peer());
    }
}
