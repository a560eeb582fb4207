package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.AgentHosts;
import io.ovsnet.agent.cli.status.StatusCommand;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.Testbed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Hosts whose underlays differ give a network's containers one MTU, the smallest that fits every
 * host's underlay (no blackhole between them): host 1 has a 9000-byte underlay, host 2 a 1500-byte
 * one, so containers on both get 1450 (VXLAN), the largest unfragmented packet (MTU - 28 bytes of
 * ping payload) crosses in both directions, one byte more is refused at the sender, and a large
 * ping from the jumbo host arrives (fragmented by the sender, not dropped on the way). Then host 3,
 * with a 1400-byte underlay, starts its agent: the running containers on hosts 1 and 2 drop to 1350
 * without a restart, and host 3's container gets 1350 too.
 *
 * <p>The same in event mode (labelled containers) and plugin mode (a Docker network of the
 * ovsnet driver on each host). Pings run with the machine's iputils {@code ping -M do} (busybox
 * ping cannot forbid fragmentation) inside each container's network namespace.
 */
class UnderlayMtuIT {
    private static final String NETWORK = "mtu";
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String SUBNET = "10.74.0.0/24";
    /** The container's interface in the network and its address. */
    private static final Pattern INET = Pattern.compile("\\d+: (\\S+) +inet (10\\.74\\.0\\.\\d+)/24");

    /** How containers join the network. */
    private enum Mode { LABEL, PLUGIN }

    private Mode mode;

    private Testbed testbed;
    private Store store;
    private Ipam ipam;
    private Path schemaDir;
    private final List<Agent> agents = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        testbed = Testbed.builder().hosts(3).withDocker().start();
        testbed.host(1).setUnderlayMtu(9000, WITHIN);
        testbed.host(3).setUnderlayMtu(1400, WITHIN);
        schemaDir = Files.createTempDirectory("ovsnet-mtu-it");
        store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")));
        ipam = Ipam.connect(ClientOptions.builder(store.remote()).build());
        ipam.networks().create(new NetworkSpec(NETWORK, List.of(Cidr.parse(SUBNET)), List.of(), List.of(),
                Encap.VXLAN, OptionalLong.empty(), 0, Map.of()));
    }

    @AfterEach
    void stop() throws Exception {
        agents.forEach(Agent::close);
        if (ipam != null) {
            ipam.close();
        }
        if (store != null) {
            store.close();
        }
        if (testbed != null) {
            testbed.close();
        }
        if (schemaDir != null) {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        }
    }

    @Test
    void labelledContainersOnHostsWithDifferentUnderlaysShareTheSmallestMtuAndFollowASmallerHost() throws Exception {
        mode = Mode.LABEL;
        containersShareTheSmallestMtuAndFollowASmallerHost();
    }

    @Test
    void pluginContainersOnHostsWithDifferentUnderlaysShareTheSmallestMtuAndFollowASmallerHost() throws Exception {
        mode = Mode.PLUGIN;
        containersShareTheSmallestMtuAndFollowASmallerHost();
    }

    private void containersShareTheSmallestMtuAndFollowASmallerHost() throws Exception {
        io.ovsnet.testbed.Host h1 = testbed.host(1);
        io.ovsnet.testbed.Host h2 = testbed.host(2);
        io.ovsnet.testbed.Host h3 = testbed.host(3);
        assertThat(AgentHosts.underlay(h1).mtu()).isEqualTo(9000);
        assertThat(AgentHosts.underlay(h2).mtu()).isEqualTo(1500);
        startAgent(h1);
        startAgent(h2);
        assertThat(ipam.hosts().list()).extracting(Host::name, h -> h.underlayMtu().orElse(-1))
                .contains(org.assertj.core.groups.Tuple.tuple(h1.name(), 9000),
                        org.assertj.core.groups.Tuple.tuple(h2.name(), 1500));

        run(h1, "big");
        run(h2, "small");
        String bigIp = address(h1, "big");
        String smallIp = address(h2, "small");
        awaitMtu(h1, "big", 1450);
        awaitMtu(h2, "small", 1450);

        awaitPing(h1, "big", smallIp, 1422);
        awaitPing(h2, "small", bigIp, 1422);
        assertRefused(h1, "big", smallIp, 1423, 1450);
        assertRefused(h2, "small", bigIp, 1423, 1450);
        // Larger than the MTU but fragmentation allowed (ping's default): the sender splits it,
        // where a jumbo-sized container interface would have sent it whole into the blackhole.
        awaitPingFragmented(h1, "big", smallIp, 4000);
        assertThat(statusMtu(h1)).isEqualTo(1450);
        assertThat(statusMtu(h2)).isEqualTo(1450);

        // A host with a smaller underlay joins: running containers follow, without a restart.
        startAgent(h3);
        run(h3, "smaller");
        String smallerIp = address(h3, "smaller");
        awaitMtu(h3, "smaller", 1350);
        awaitMtu(h1, "big", 1350);
        awaitMtu(h2, "small", 1350);
        assertThat(hostEndMtu(h1, "big")).isEqualTo(1350);
        assertThat(hostEndMtu(h2, "small")).isEqualTo(1350);
        awaitPing(h1, "big", smallerIp, 1322);
        awaitPing(h3, "smaller", bigIp, 1322);
        awaitPing(h1, "big", smallIp, 1322);
        assertRefused(h1, "big", smallerIp, 1323, 1350);
        assertRefused(h3, "smaller", smallIp, 1323, 1350);
        awaitPingFragmented(h1, "big", smallerIp, 4000);
        assertThat(statusMtu(h1)).isEqualTo(1350);
    }

    /** The network's effective MTU in {@code ovsnet status --format json} of the host. */
    private int statusMtu(io.ovsnet.testbed.Host host) throws Exception {
        CommandLine cl = new CommandLine(new StatusCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("--ovsdb", host.ovsdbRemote(), "--store", store.remote(), "--docker", host.dockerHost(),
                "--host-name", host.name(), "--format", "json");
        assertThat(exit).as("ovsnet status: %s", err).isZero();
        for (JsonNode n : new ObjectMapper().readTree(out.toString()).get("networks")) {
            if (n.get("name").asText().equals(NETWORK)) {
                return n.get("effective_mtu").asInt();
            }
        }
        throw new AssertionError("network " + NETWORK + " not in status: " + out);
    }

    /** Starts the host's agent (serving the plugin in plugin mode, and creating the Docker network there). */
    private void startAgent(io.ovsnet.testbed.Host host) throws Exception {
        Agent agent = Agent.start(new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(),
                DockerHost.of(host.dockerHost()), "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()),
                AgentHosts.underlay(host)));
        agents.add(agent);
        if (mode == Mode.PLUGIN) {
            agent.servePlugin(host.pluginDirectory().resolve("ovsnet.sock"));
        }
        agent.ready().get(60, TimeUnit.SECONDS);
        if (mode == Mode.PLUGIN) {
            host.docker("network", "create", "-d", "ovsnet", "--ipam-driver", "ovsnet", "--subnet", SUBNET,
                    "--ipam-opt", "ovsnet.network=" + NETWORK, NETWORK).orThrow();
        }
    }

    private void run(io.ovsnet.testbed.Host host, String name) {
        if (mode == Mode.PLUGIN) {
            host.docker("run", "-d", "--name", name, "--network", NETWORK, host.busyboxImage(), "sleep", "3600")
                    .orThrow();
        } else {
            host.docker("run", "-d", "--name", name, "--network", "none", "--label",
                    OvsnetLabels.NETWORK + "=" + NETWORK, host.busyboxImage(), "sleep", "3600").orThrow();
        }
    }

    /** The container's interface in the network ([0]) and its address ([1]). */
    private static String[] iface(io.ovsnet.testbed.Host host, String container) {
        String[] found = new String[2];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Matcher m = INET.matcher(host.docker("exec", container, "ip", "-4", "-o", "addr", "show").stdout());
            assertThat(m.find()).as("address of " + container).isTrue();
            found[0] = m.group(1);
            found[1] = m.group(2);
        });
        return found;
    }

    private static String address(io.ovsnet.testbed.Host host, String container) {
        return iface(host, container)[1];
    }

    private static int mtu(io.ovsnet.testbed.Host host, String container) {
        return Integer.parseInt(host.docker("exec", container, "cat", "/sys/class/net/" + iface(host, container)[0]
                + "/mtu").orThrow().stdout().strip());
    }

    private static void awaitMtu(io.ovsnet.testbed.Host host, String container, int expected) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(mtu(host, container)).as("MTU of " + container + " on " + host.name()).isEqualTo(expected));
    }

    /** The MTU of the host end of the container's veth: the port is named after the container, or the endpoint. */
    private int hostEndMtu(io.ovsnet.testbed.Host host, String container) {
        String id = host.docker("inspect", "-f", mode == Mode.PLUGIN
                ? "{{range .NetworkSettings.Networks}}{{.EndpointID}}{{end}}" : "{{.Id}}", container).orThrow()
                .stdout().strip();
        String out = host.exec("cat", "/sys/class/net/ovs" + id.substring(0, 11) + "/mtu").orThrow().stdout();
        return Integer.parseInt(out.strip());
    }

    /** The machine's iputils ping in the container's network namespace, fragmentation forbidden. */
    private static CommandResult ping(io.ovsnet.testbed.Host host, String container, String target, int size,
            boolean dontFragment) throws Exception {
        String pid = host.docker("inspect", "-f", "{{.State.Pid}}", container).orThrow().stdout().strip();
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "ping", "-c", "1",
                "-W", "1", "-s", Integer.toString(size)));
        if (dontFragment) {
            cmd.addAll(List.of("-M", "do"));
        }
        cmd.add(target);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new CommandResult(cmd, p.exitValue(), out, "");
    }

    private static void awaitPing(io.ovsnet.testbed.Host host, String container, String target, int size) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            CommandResult r = ping(host, container, target, size, true);
            assertThat(r.succeeded()).as("ping -M do -s " + size + " " + container + " -> " + target + ": "
                    + r.stdout()).isTrue();
        });
    }

    private static void awaitPingFragmented(io.ovsnet.testbed.Host host, String container, String target, int size) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            CommandResult r = ping(host, container, target, size, false);
            assertThat(r.succeeded()).as("ping -s " + size + " " + container + " -> " + target + ": " + r.stdout())
                    .isTrue();
        });
    }

    /** One byte over the MTU with fragmentation forbidden: the sender refuses it, naming the MTU. */
    private static void assertRefused(io.ovsnet.testbed.Host host, String container, String target, int size, int mtu)
            throws Exception {
        CommandResult r = ping(host, container, target, size, true);
        assertThat(r.succeeded()).as(r.stdout()).isFalse();
        assertThat(r.stdout()).contains("mtu=" + mtu);
    }
}
