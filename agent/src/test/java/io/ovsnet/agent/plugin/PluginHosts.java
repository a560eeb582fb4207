package io.ovsnet.agent.plugin;

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
import io.ovsnet.testbed.Daemon;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of the plugin's integration tests: a testbed of hosts with OVS and Docker, a
 * standalone store, and one agent per host (in this JVM, host ends in the host's namespace)
 * serving the plugin socket in that host's plugin directory, so that only its dockerd finds it.
 * Closing stops the agents first, then removes everything else.
 */
final class PluginHosts implements AutoCloseable {
    /** How the testbed runs a host's dockerd ({@code $1}: the host's run directory); see FACTS.md. */
    private static final String DOCKERD = "mkdir -p /run/docker/plugins"
            + " && mount --bind \"$1/plugins\" /run/docker/plugins"
            + " && exec dockerd --data-root \"$1/docker-data\" --exec-root \"$1/docker-exec\""
            + " -H \"unix://$1/docker.sock\" --pidfile \"$1/dockerd.pid\""
            + " --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    /** dockerds this fixture restarted, by host index; it stops them. */
    private final Map<Integer, Daemon> dockerds = new HashMap<>();
    private Testbed testbed;
    private Store store;
    private Ipam ipam;

    static PluginHosts start(int hosts) throws Exception {
        PluginHosts fixture = new PluginHosts();
        try {
            fixture.build(hosts);
            return fixture;
        } catch (Exception e) {
            fixture.close();
            throw e;
        }
    }

    private void build(int hosts) throws Exception {
        testbed = Testbed.builder().hosts(hosts).withDocker().start();
        resources.add(testbed);
        Path schemaDir = Files.createTempDirectory("ovsnet-plugin-it");
        resources.add(() -> {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        });
        store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")));
        resources.add(store);
        ipam = Ipam.connect(ClientOptions.builder(store.remote()).build());
        resources.add(ipam);
        for (Host host : testbed.hosts()) {
            agents.add(startAgent(host));
        }
    }

    private Agent startAgent(Host host) throws Exception {
        Agent agent = Agent.start(new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(),
                DockerHost.of(host.dockerHost()), "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()),
                underlay(host)));
        try {
            agent.servePlugin(socket(host));
            agent.ready().get(60, TimeUnit.SECONDS);
            return agent;
        } catch (Exception e) {
            agent.close();
            throw e;
        }
    }

    /** The plugin socket of a host: where its dockerd looks for plugins. */
    static Path socket(Host host) {
        return host.pluginDirectory().resolve("ovsnet.sock");
    }

    /** The host's underlay: its address on br-phy with br-phy's MTU. */
    static Underlay underlay(Host host) {
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            int mtu = handle.link("br-phy").orElseThrow(() -> new IllegalStateException(
                    "host " + host.name() + " has no br-phy")).mtu();
            return new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    Host host(int index) {
        return testbed.host(index);
    }

    Ipam ipam() {
        return ipam;
    }

    PluginClient client(int index) {
        return new PluginClient(socket(host(index)));
    }

    private static void removeDockerObjects(Host host) {
        List<String> containers = host.docker("ps", "-aq").stdout().lines().filter(l -> !l.isBlank()).toList();
        if (!containers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(containers);
            host.docker(rm.toArray(String[]::new));
        }
        host.docker("network", "ls", "-q", "--filter", "driver=ovsnet").stdout().lines().filter(l -> !l.isBlank())
                .forEach(network -> host.docker("network", "rm", network));
    }

    /**
     * Stops the dockerd of host {@code index} (SIGTERM: it stops its containers, telling the
     * plugin) and starts a new one with the same directories, as the testbed does; returns once
     * it answers. The new dockerd is stopped when the fixture closes.
     */
    void restartDockerd(int index) throws Exception {
        Host host = host(index);
        Daemon old = dockerds.containsKey(index) ? dockerds.get(index)
                : host.daemons().stream().filter(d -> d.name().startsWith("dockerd")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("host " + host.name() + " runs no dockerd"));
        old.stop(Duration.ofSeconds(30));
        Path dir = host.runDirectory();
        Path log = dir.resolve("dockerd-restarted.log");
        Process process = new ProcessBuilder("nsenter", "--net=/run/netns/" + host.namespace(), "unshare", "-m",
                "--propagation", "private", "sh", "-c", DOCKERD, "sh", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Daemon started = new Daemon("dockerd " + host.name() + " (restarted)", process.pid(), log);
        if (!dockerds.containsKey(index)) {
            resources.add(() -> dockerds.get(index).stop(Duration.ofSeconds(20)));
        }
        dockerds.put(index, started);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!host.docker("version").succeeded()) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("restarted dockerd of " + host.name() + " does not answer: "
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    /** Stops the agent of host {@code index} and starts a new one; returns once it is ready. */
    void restartAgent(int index) throws Exception {
        agents.get(index - 1).close();
        agents.set(index - 1, startAgent(host(index)));
    }

    /**
     * Stops the agents after Docker let go of their networks: containers and ovsnet networks are
     * removed first, while the plugin still answers (dockerd retries a vanished plugin for 30 s).
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        if (testbed != null) {
            testbed.hosts().forEach(PluginHosts::removeDockerObjects);
        }
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
