package io.ovsnet.agent.plugin;

import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.model.Lease;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An endpoint Docker created on an ovsnet network (CreateEndpoint), before and after Join.
 * Ports of such endpoints carry Docker's EndpointID as {@code ovsnet-endpoint} and an empty
 * {@code container_id}: Docker does not tell a network plugin which container joins.
 *
 * @param id Docker's EndpointID
 * @param network the ovsnet network's name
 * @param address the address with prefix length, such as {@code 10.20.0.5/16}
 * @param address6 the IPv6 address with prefix length, on a dual-stack network
 * @param mac the container interface's MAC address
 */
public record DockerEndpoint(String id, String network, String address, Optional<String> address6, String mac) {
    /** Whether {@code port} belongs to a Docker endpoint (plugin mode) rather than to a labelled container. */
    public static boolean owns(ContainerPort port) {
        return port.containerId().isEmpty();
    }

    /**
     * The owners among {@code leases} that Docker holds through the IPAM driver. They are alive for
     * as long as Docker holds them (it releases them with ReleaseAddress), so garbage collection by
     * running containers must count them alive.
     */
    public static Set<String> dockerOwners(Collection<Lease> leases) {
        return leases.stream().map(Lease::owner).filter(o -> o.startsWith(IpamDriver.OWNER_PREFIX))
                .collect(Collectors.toSet());
    }

    static DockerEndpoint of(ContainerPort port) {
        return new DockerEndpoint(port.endpoint(), port.network(), port.ip(), port.ip6(), port.mac());
    }
}
