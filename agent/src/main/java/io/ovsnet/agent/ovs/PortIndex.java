package io.ovsnet.agent.ovs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * ovsnet's container ports, found by port name, container and endpoint; rebuilt from OVSDB
 * external_ids ({@link BridgeSnapshot#containerPorts()}), so no private state file is needed.
 */
public record PortIndex(Map<String, ContainerPort> byName) {
    public PortIndex {
        byName = Map.copyOf(byName);
    }

    public static PortIndex of(Collection<ContainerPort> ports) {
        return new PortIndex(ports.stream().collect(Collectors.toMap(ContainerPort::name, Function.identity())));
    }

    /** The ports of one container (one per interface it has on ovsnet networks). */
    public List<ContainerPort> ofContainer(String containerId) {
        return byName.values().stream().filter(p -> p.containerId().equals(containerId)).toList();
    }

    public Optional<ContainerPort> ofEndpoint(String endpoint) {
        return byName.values().stream().filter(p -> p.endpoint().equals(endpoint)).findFirst();
    }

    /** The ports whose container is not in {@code running}: what a restart must clean up. */
    public List<ContainerPort> orphans(Collection<String> running) {
        return byName.values().stream().filter(p -> !running.contains(p.containerId())).toList();
    }
}
