package io.ovsnet.agent.overlay;

import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mesh needs from the shared store: every network with the hosts that have endpoints in
 * it, and every host's tunnel endpoint address.
 *
 * @param members one entry per network in the store (also those without endpoints)
 * @param addresses host name to tunnel address, for hosts that registered a valid one
 */
public record MeshInput(List<NetworkMembers> members, Map<String, InetAddress> addresses) {
    private static final Logger log = LoggerFactory.getLogger(MeshInput.class);
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public MeshInput {
        members = List.copyOf(members);
        addresses = Map.copyOf(addresses);
    }

    /**
     * Reads the store's {@code Network} and {@code Host} rows: a host is a member of the networks
     * its {@code networks} column references. Hosts without a valid {@code tunnel_ip} are members
     * but have no address (no tunnels to them yet).
     */
    public static MeshInput from(Collection<Network> networks, Collection<Host> hosts) {
        Map<Uuid, Set<String>> hostsByNetwork = new HashMap<>();
        Map<String, InetAddress> addresses = new HashMap<>();
        for (Host host : hosts) {
            host.networks().forEach(n -> hostsByNetwork.computeIfAbsent(n, k -> new HashSet<>()).add(host.name()));
            host.tunnelIp().filter(ip -> LITERAL.matcher(ip).matches()).ifPresentOrElse(ip -> {
                try {
                    addresses.put(host.name(), InetAddress.getByName(ip));
                } catch (UnknownHostException e) {
                    log.warn("host tunnel address not valid host={} tunnelIp={}", host.name(), ip);
                }
            }, () -> log.debug("host has no valid tunnel address host={}", host.name()));
        }
        List<NetworkMembers> members = networks.stream()
                .map(n -> new NetworkMembers(
                        new OverlayNetwork(n.name(), n.vni(), Encapsulation.ofOvsType(n.encap().wireName())),
                        hostsByNetwork.getOrDefault(n.uuid(), Set.of())))
                .toList();
        return new MeshInput(members, addresses);
    }

    /** The names of all networks, for {@link LocalVlans#assign}. */
    public List<String> networkNames() {
        return members.stream().map(m -> m.network().name()).toList();
    }
}
