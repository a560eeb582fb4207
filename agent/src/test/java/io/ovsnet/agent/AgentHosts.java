package io.ovsnet.agent;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.daemon.Agent;
import io.ovsnet.agent.daemon.AgentSettings;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.allocator.Ipam;
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
import java.util.concurrent.TimeUnit;

/**
 * The hosts of the agent's integration tests: a testbed of hosts with OVS and Docker, a standalone
 * store with the OVSNet schema, and one agent per host, run in this JVM with its host ends of veths
 * in the host's namespace. Closing stops the agents first, then everything else in the reverse
 * order of its start.
 */
public final class AgentHosts implements AutoCloseable {
    /** What a fixture does in the store before the agents start, such as creating networks. */
    @FunctionalInterface
    public interface StoreSetup {
        void prepare(Ipam ipam) throws Exception;
    }

    /** What a fixture does with each agent it starts before waiting until it is ready, such as serving the plugin. */
    @FunctionalInterface
    public interface AgentSetup {
        void prepare(Agent agent, Host host) throws Exception;
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final AgentSetup agentSetup;
    private Testbed testbed;
    private Store store;
    private Ipam ipam;

    private AgentHosts(AgentSetup agentSetup) {
        this.agentSetup = agentSetup;
    }

    /**
     * Starts {@code hosts} hosts, the store (its schema in a temporary directory named after
     * {@code tempPrefix}), runs {@code storeSetup}, then starts the agents, each set up by
     * {@code agentSetup}, and returns once they are ready. On failure, stops everything it started.
     */
    public static AgentHosts start(int hosts, String tempPrefix, StoreSetup storeSetup, AgentSetup agentSetup)
            throws Exception {
        AgentHosts fixture = new AgentHosts(agentSetup);
        try {
            fixture.build(hosts, tempPrefix, storeSetup);
            return fixture;
        } catch (Exception e) {
            fixture.close();
            throw e;
        }
    }

    private void build(int hosts, String tempPrefix, StoreSetup storeSetup) throws Exception {
        testbed = Testbed.builder().hosts(hosts).withDocker().start();
        resources.add(testbed);
        Path schemaDir = Files.createTempDirectory(tempPrefix);
        resources.add(() -> {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        });
        store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")));
        resources.add(store);
        ipam = Ipam.connect(ClientOptions.builder(store.remote()).build());
        resources.add(ipam);
        storeSetup.prepare(ipam);
        for (Host host : testbed.hosts()) {
            agents.add(startAgent(host));
        }
    }

    /** Starts and sets up the agent of {@code host}; returns it once ready, or stops it and throws. */
    private Agent startAgent(Host host) throws Exception {
        Agent agent = Agent.start(settings(host));
        try {
            agentSetup.prepare(agent, host);
            agent.ready().get(60, TimeUnit.SECONDS);
            return agent;
        } catch (Exception e) {
            agent.close();
            throw e;
        }
    }

    /** The settings of the agent of {@code host}. */
    public AgentSettings settings(Host host) {
        return new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(), DockerHost.of(host.dockerHost()),
                "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()), underlay(host));
    }

    /** The host's underlay: its address on br-phy, with br-phy's MTU as the host's namespace has it. */
    public static Underlay underlay(Host host) {
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            int mtu = handle.link("br-phy").orElseThrow(() -> new IllegalStateException(
                    "host " + host.name() + " has no br-phy")).mtu();
            return new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public Testbed testbed() {
        return testbed;
    }

    public Host host(int index) {
        return testbed.host(index);
    }

    /** The store's unix socket remote: reachable from every host's namespace (its loopback is its own). */
    public String storeUnixRemote() {
        return store.unixRemote();
    }

    public Ipam ipam() {
        return ipam;
    }

    /** The shared store, for tests that stop and restart it. */
    public Store store() {
        return store;
    }

    public Agent agent(int index) {
        return agents.get(index - 1);
    }

    /**
     * Stops the agent of host {@code index} (a no-op when it is stopped already: {@link Agent#close}
     * is idempotent) and starts a new one, set up as at start; returns it once ready.
     */
    public Agent restartAgent(int index) throws Exception {
        agents.get(index - 1).close();
        Agent agent = startAgent(host(index));
        agents.set(index - 1, agent);
        return agent;
    }

    /** Has {@code resource} closed with the fixture: after the agents, before everything started earlier. */
    public void closeLater(AutoCloseable resource) {
        resources.add(resource);
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
