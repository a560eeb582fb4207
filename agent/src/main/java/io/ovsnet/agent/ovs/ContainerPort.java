package io.ovsnet.agent.ovs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's port on the integration bridge: the host end of its veth, an access port tagged
 * with its network's local VLAN, owned by ovsnet as recorded in its external_ids (ARCHITECTURE.md
 * decision 4). {@code container_id} and {@code container_iface} are the keys of OVS's own
 * {@code ovs-docker}, so its tools find these ports too.
 *
 * <p>{@code ovsnet-ip} always holds an address, so tools that read only it keep working: the IPv4
 * address, or on an IPv6-only network the IPv6 one. {@code ovsnet-ip6} holds the IPv6 address
 * whenever the container has one (on an IPv6-only network, the same as {@code ovsnet-ip}); ports
 * of IPv4-only networks do not have the key.
 *
 * @param name Port and Interface name, the host-side veth ({@code PortNames.containerPort})
 * @param containerId the Docker container id
 * @param containerIface the interface name inside the container, such as {@code eth0}
 * @param network the network's name
 * @param endpoint the endpoint id
 * @param ip the container's address with prefix length, such as {@code 10.1.0.5/24} (see above)
 * @param ip6 the container's IPv6 address with prefix length, such as {@code fd00:1::5/64}, if it has one
 * @param mac the container interface's MAC address
 * @param tag the network's local VLAN
 */
public record ContainerPort(
        String name, String containerId, String containerIface, String network, String endpoint, String ip,
        Optional<String> ip6, String mac, int tag) {
    public static final String CONTAINER_ID = "container_id";
    public static final String CONTAINER_IFACE = "container_iface";
    public static final String NETWORK = "ovsnet-network";
    public static final String ENDPOINT = "ovsnet-endpoint";
    public static final String IP = "ovsnet-ip";
    public static final String IP6 = "ovsnet-ip6";
    public static final String MAC = "ovsnet-mac";

    /** A port with one address, {@code ip}, recorded under {@code ovsnet-ip} only (no IPv6 address). */
    public ContainerPort(String name, String containerId, String containerIface, String network, String endpoint,
            String ip, String mac, int tag) {
        this(name, containerId, containerIface, network, endpoint, ip, Optional.empty(), mac, tag);
    }

    /** Every address the port records, with prefix length: {@link #ip}, then {@link #ip6} when it is another. */
    public List<String> addresses() {
        return ip6.filter(v6 -> !v6.equals(ip)).map(v6 -> List.of(ip, v6)).orElse(List.of(ip));
    }

    /** The external_ids this port carries, on its Port and its Interface row. */
    public Map<String, String> externalIds() {
        Map<String, String> ids = new HashMap<>(Map.of(CONTAINER_ID, containerId, CONTAINER_IFACE, containerIface,
                NETWORK, network, ENDPOINT, endpoint, IP, ip, MAC, mac));
        ip6.ifPresent(v6 -> ids.put(IP6, v6));
        return Map.copyOf(ids);
    }

    /** The port that {@code externalIds} and {@code tag} describe, if they describe a complete one. */
    static Optional<ContainerPort> from(String name, Map<String, String> externalIds, Optional<Long> tag) {
        for (String key : new String[] {CONTAINER_ID, CONTAINER_IFACE, NETWORK, ENDPOINT, IP, MAC}) {
            if (!externalIds.containsKey(key)) {
                return Optional.empty();
            }
        }
        return tag.map(t -> new ContainerPort(name, externalIds.get(CONTAINER_ID), externalIds.get(CONTAINER_IFACE),
                externalIds.get(NETWORK), externalIds.get(ENDPOINT), externalIds.get(IP),
                Optional.ofNullable(externalIds.get(IP6)), externalIds.get(MAC), t.intValue()));
    }
}
