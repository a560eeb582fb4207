package io.ovsnet.agent.cli.status;

import java.util.Optional;

/**
 * One network present on this host (on the bridge, on a port, or in the host's store record).
 *
 * @param name the network's name
 * @param vlan its local VLAN on the bridge, empty when the bridge records none
 * @param vni from the store, empty when the store does not know the network
 * @param mtu from the store: 0 means computed from the underlay; empty when the store does not know the network
 * @param encap vxlan or gre, from the store; empty when the store does not know the network
 * @param effectiveMtu the MTU the agent gives the network's containers here: {@code mtu} when the
 *     network sets one, else the smallest that fits every host's recorded underlay; empty when not known
 */
public record NetworkStatus(String name, Optional<Integer> vlan, Optional<Long> vni, Optional<Long> mtu,
        Optional<String> encap, Optional<Integer> effectiveMtu) {

    /** A network whose effective MTU is not known. */
    public NetworkStatus(String name, Optional<Integer> vlan, Optional<Long> vni, Optional<Long> mtu,
            Optional<String> encap) {
        this(name, vlan, vni, mtu, encap, Optional.empty());
    }
}
