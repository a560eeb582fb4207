package io.ovsnet.agent.cli.status;

import java.util.Optional;

/**
 * One container port of this host.
 *
 * @param containerId the Docker container id ({@code container_id})
 * @param containerName the container's name per Docker; empty when Docker does not know it or was not asked
 * @param iface the interface inside the container ({@code container_iface})
 * @param network the network ({@code ovsnet-network})
 * @param address the address with prefix length ({@code ovsnet-ip}): IPv4, or IPv6 on an IPv6-only network
 * @param address6 the IPv6 address with prefix length ({@code ovsnet-ip6}), empty when the port has none
 * @param mac the container interface's MAC ({@code ovsnet-mac})
 * @param port the Port name, the host end of the veth
 * @param vlan the Port's access VLAN
 */
public record EndpointStatus(String containerId, Optional<String> containerName, String iface, String network,
        String address, Optional<String> address6, String mac, String port, int vlan) {
}
