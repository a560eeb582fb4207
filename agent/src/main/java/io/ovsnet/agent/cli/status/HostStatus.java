package io.ovsnet.agent.cli.status;

import java.util.List;

/**
 * What {@code ovsnet status} reports about one host: its bridge, tunnels, networks and endpoints,
 * and the inconsistencies found between OVSDB, the store and Docker.
 *
 * @param host this host's name in the store
 * @param bridge the integration bridge's name
 * @param datapathType {@code Bridge.datapath_type}, empty for the default (system)
 * @param tunnels the tunnel ports, by name
 * @param networks the networks present on this host, by name
 * @param endpoints the container ports, by network then address
 * @param problems the inconsistencies, by kind then subject
 * @param warnings checks that could not be made, such as Docker being unreachable
 */
public record HostStatus(String host, String bridge, String datapathType, List<TunnelStatus> tunnels,
        List<NetworkStatus> networks, List<EndpointStatus> endpoints, List<Problem> problems, List<String> warnings) {
    public HostStatus {
        tunnels = List.copyOf(tunnels);
        networks = List.copyOf(networks);
        endpoints = List.copyOf(endpoints);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }
}
