package io.ovsnet.agent.attach;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.overlay.HostMtus;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Network;

/**
 * What the attach pipeline works with on one host.
 *
 * @param hostName this host's name in the store (leases record it)
 * @param host a netlink handle on the namespace where ovs-vswitchd runs: host ends of veths go here
 * @param bridge the integration bridge
 * @param ports container ports on that bridge
 * @param ipam the shared store
 * @param tags the networks' local VLAN ids
 * @param underlay the tunnel endpoint and its MTU
 * @param mtus the MTU of each network's containers, from this host's underlay and the other hosts'
 */
public record HostPlumbing(String hostName, NetlinkHandle host, IntegrationBridge bridge, ContainerPorts ports,
        Ipam ipam, NetworkTags tags, Underlay underlay, HostMtus mtus) {

    /** Plumbing of a host that knows of no other host's underlay: container MTUs from its own alone. */
    public HostPlumbing(String hostName, NetlinkHandle host, IntegrationBridge bridge, ContainerPorts ports,
            Ipam ipam, NetworkTags tags, Underlay underlay) {
        this(hostName, host, bridge, ports, ipam, tags, underlay, HostMtus.alone(hostName, underlay));
    }

    /** The MTU of {@code network}'s container interfaces, the same on every host (decision 5). */
    public int containerMtu(Network network) {
        return mtus.of(network);
    }
}
