package io.ovsnet.agent.attach;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.overlay.ContainerMtu;
import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Network;
import java.util.OptionalInt;

/**
 * What the attach pipeline works with on one host.
 *
 * @param hostName this host's name in the store (leases record it)
 * @param host a netlink handle on the namespace where ovs-vswitchd runs: host ends of veths go here
 * @param bridge the integration bridge
 * @param ports container ports on that bridge
 * @param ipam the shared store
 * @param tags the networks' local VLAN ids
 * @param underlay the tunnel endpoint and its MTU, from which container MTUs are computed
 */
public record HostPlumbing(String hostName, NetlinkHandle host, IntegrationBridge bridge, ContainerPorts ports,
        Ipam ipam, NetworkTags tags, Underlay underlay) {

    /** The MTU of {@code network}'s container interfaces on this host (decision 5). */
    public int containerMtu(Network network) {
        return ContainerMtu.of(underlay.mtu(), underlay.address(), Encapsulation.ofOvsType(network.encap().wireName()),
                network.mtu() == 0 ? OptionalInt.empty() : OptionalInt.of((int) network.mtu()));
    }
}
