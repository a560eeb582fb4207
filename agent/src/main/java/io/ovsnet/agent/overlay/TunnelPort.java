package io.ovsnet.agent.overlay;

/**
 * A tunnel port on the integration bridge (ARCHITECTURE.md decision 3): one per (peer, network),
 * recognised by its external_ids {@code ovsnet-network} and {@code ovsnet-peer}, never by name.
 *
 * @param name the Port and Interface name ({@link PortNames#tunnel})
 * @param network the network's name
 * @param peer the peer host's name
 * @param encap the Interface type
 * @param remoteIp {@code options:remote_ip}, the peer's tunnel endpoint address as a literal
 * @param key {@code options:key}, the network's VNI
 * @param tag the Port's access VLAN: the network's local VLAN on this host
 * @param split {@code Port.protected}: true for every port ovsnet makes, so tunnels never forward to each other
 */
public record TunnelPort(
        String name, String network, String peer, Encapsulation encap, String remoteIp, long key, int tag,
        boolean split) {

    /** Whether this port and {@code other} differ only in name (a port of the same pair that needs no change). */
    boolean sameSettings(TunnelPort other) {
        return network.equals(other.network) && peer.equals(other.peer) && encap == other.encap
                && remoteIp.equals(other.remoteIp) && key == other.key && tag == other.tag
                && split == other.split;
    }

    /** This port's settings under another name. */
    TunnelPort named(String newName) {
        return new TunnelPort(newName, network, peer, encap, remoteIp, key, tag, split);
    }
}
