package io.ovsnet.agent.daemon;

import io.ovsnet.agent.AgentHosts;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.testbed.Host;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The fixture of the agent's integration tests: the {@link AgentHosts} of three hosts with two
 * networks in the store (VXLAN {@value #VXLAN} and GRE {@value #GRE}) created before the agents
 * start. Closing stops the agents first, then removes everything else.
 */
final class ThreeHosts implements AutoCloseable {
    static final String VXLAN = "blue";
    static final String GRE = "green";
    static final String VXLAN_SUBNET = "10.71.0.0/24";
    static final String GRE_SUBNET = "10.72.0.0/24";

    private final AgentHosts hosts;

    private ThreeHosts(AgentHosts hosts) {
        this.hosts = hosts;
    }

    static ThreeHosts start() throws Exception {
        return new ThreeHosts(AgentHosts.start(3, "ovsnet-agent-it", ipam -> {
            ipam.networks().create(network(VXLAN, VXLAN_SUBNET, Encap.VXLAN));
            ipam.networks().create(network(GRE, GRE_SUBNET, Encap.GRE));
        }, (agent, host) -> { }));
    }

    AgentSettings settings(Host host) {
        return hosts.settings(host);
    }

    private static NetworkSpec network(String name, String subnet, Encap encap) {
        return new NetworkSpec(name, List.of(Cidr.parse(subnet)), List.of(), List.of(), encap, OptionalLong.empty(),
                0, Map.of());
    }

    Host host(int index) {
        return hosts.host(index);
    }

    /** The store's unix socket remote: reachable from every host's namespace (its loopback is its own). */
    String storeUnixRemote() {
        return hosts.storeUnixRemote();
    }

    Ipam ipam() {
        return hosts.ipam();
    }

    Agent agent(int index) {
        return hosts.agent(index);
    }

    /** Replaces the agent of host {@code index} (closed already) with a new one; returns it once ready. */
    Agent restartAgent(int index) throws Exception {
        return hosts.restartAgent(index);
    }

    @Override
    public void close() {
        hosts.close();
    }
}
