package io.ovsnet.agent.daemon;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.Testbed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of the agent's integration tests: a testbed of three hosts with OVS and Docker, a
 * standalone store with the OVSNet schema, two networks (VXLAN {@value #VXLAN} and GRE
 * {@value #GRE}) and one agent per host, run in this JVM with its host ends of veths in the
 * host's namespace. Closing stops the agents first, then removes everything else.
 */
final class ThreeHosts implements AutoCloseable {
    static final String VXLAN = "blue";
    static final String GRE = "green";
    static final String VXLAN_SUBNET = "10.71.0.0/24";
    static final String GRE_SUBNET = "10.72.0.0/24";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private Testbed testbed;
    private Store store;
    private Ipam ipam;

    static ThreeHosts start() throws Exception {
        ThreeHosts fixture = new ThreeHosts();
        try {
            fixture.build();
            return fixture;
        } catch (Exception e) {
            fixture.close();
            throw e;
        }
    }

    private void build() throws Exception {
        testbed = Testbed.builder().hosts(3).withDocker().start();
        resources.add(testbed);
        Path schemaDir = Files.createTempDirectory("ovsnet-agent-it");
        resources.add(() -> {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        });
        store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")));
        resources.add(store);
        ipam = Ipam.connect(ClientOptions.builder(store.remote()).build());
        resources.add(ipam);
        ipam.networks().create(network(VXLAN, VXLAN_SUBNET, Encap.VXLAN));
        ipam.networks().create(network(GRE, GRE_SUBNET, Encap.GRE));
        for (Host host : testbed.hosts()) {
            Agent agent = Agent.start(settings(host));
            agents.add(agent);
            agent.ready().get(60, TimeUnit.SECONDS);
        }
    }

    AgentSettings settings(Host host) {
        return new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(), DockerHost.of(host.dockerHost()),
                "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()), underlay(host));
    }

    private static NetworkSpec network(String name, String subnet, Encap encap) {
        return new NetworkSpec(name, List.of(Cidr.parse(subnet)), List.of(), List.of(), encap, OptionalLong.empty(),
                0, Map.of());
    }

    /** The host's underlay: its address on br-phy, with br-phy's MTU as the host's namespace has it. */
    private static Underlay underlay(Host host) {
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            int mtu = handle.link("br-phy").orElseThrow(() -> new IllegalStateException(
                    "host " + host.name() + " has no br-phy")).mtu();
            return new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    Testbed testbed() {
        return testbed;
    }

    Host host(int index) {
        return testbed.host(index);
    }

    /** The store's unix socket remote: reachable from every host's namespace (its loopback is its own). */
    String storeUnixRemote() {
        return store.unixRemote();
    }

    Ipam ipam() {
        return ipam;
    }

    Agent agent(int index) {
        return agents.get(index - 1);
    }

    /** Replaces the agent of host {@code index} (closed already) with a new one; returns it once ready. */
    Agent restartAgent(int index) throws Exception {
        Agent agent = Agent.start(settings(host(index)));
        agents.set(index - 1, agent);
        agent.ready().get(60, TimeUnit.SECONDS);
        return agent;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        List<AutoCloseable> all = new ArrayList<>(agents);
        for (int i = resources.size() - 1; i >= 0; i--) {
            all.add(resources.get(i));
        }
        for (AutoCloseable resource : all) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cleanup failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
