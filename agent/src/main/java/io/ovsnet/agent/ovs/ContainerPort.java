package io.ovsnet.agent.ovs;

import java.util.Map;
import java.util.Optional;

/**
 * A container's port on the integration bridge: the host end of its veth, an access port tagged
 * with its network's local VLAN, owned by ovsnet as recorded in its external_ids (ARCHITECTURE.md
 * decision 4). {@code container_id} and {@code container_iface} are the keys of OVS's own
 * {@code ovs-docker}, so its tools find these ports too.
 *
 * @param name Port and Interface name, the host-side veth ({@code PortNames.containerPort})
 * @param containerId the Docker container id
 * @param containerIface the interface name inside the container, such as {@code eth0}
 * @param network the network's name
 * @param endpoint the endpoint id
 * @param ip the container's address with prefix length, such as {@code 10.1.0.5/24}
 * @param mac the container interface's MAC address
 * @param tag the network's local VLAN
 */
public record ContainerPort(
        String name, String containerId, String containerIface, String network, String endpoint, String ip,
        String mac, int tag) {
    public static final String CONTAINER_ID = "container_id";
    public static final String CONTAINER_IFACE = "container_iface";
    public static final String NETWORK = "ovsnet-network";
    public static final String ENDPOINT = "ovsnet-endpoint";
    public static final String IP = "ovsnet-ip";
    public static final String MAC = "ovsnet-mac";

    /** The external_ids this port carries, on its Port and its Interface row. */
    public Map<String, String> externalIds() {
        return Map.of(CONTAINER_ID, containerId, CONTAINER_IFACE, containerIface, NETWORK, network,
                ENDPOINT, endpoint, IP, ip, MAC, mac);
    }

    /** The port that {@code externalIds} and {@code tag} describe, if they describe a complete one. */
    static Optional<ContainerPort> from(String name, Map<String, String> externalIds, Optional<Long> tag) {
        for (String key : new String[] {CONTAINER_ID, CONTAINER_IFACE, NETWORK, ENDPOINT, IP, MAC}) {
            if (!externalIds.containsKey(key)) {
                return Optional.empty();
            }
        }
        return tag.map(t -> new ContainerPort(name, externalIds.get(CONTAINER_ID), externalIds.get(CONTAINER_IFACE),
                externalIds.get(NETWORK), externalIds.get(ENDPOINT), externalIds.get(IP), externalIds.get(MAC),
                t.intValue()));
    }
}
