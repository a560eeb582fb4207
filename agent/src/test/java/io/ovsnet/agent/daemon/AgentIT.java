package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.attach.NetworkTags;
import io.ovsnet.agent.cli.status.StatusCommand;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The agent in event mode on three simulated hosts with real OVS (netdev) and dockerd each
 * (issue 5): labelled containers get their interface and address; containers of one network
 * reach each other across hosts over VXLAN and GRE; containers of different networks do not,
 * even with an address in the other network's subnet; stopping a container removes its port and
 * releases its lease; a label naming an unknown network or a taken address changes nothing; a
 * failed attach undoes its steps; {@code kill -9} of an agent loses no packet and its restart adopts
 * the ports and catches up with containers started and removed meanwhile; removing a host removes
 * its tunnels on the others. The tests share one fixture and do not depend on each other's order.
 */
class AgentIT {
    @RegisterExtension
    static final TestbedExtension<ThreeHosts> HOSTS = TestbedExtension.of(ThreeHosts::start);

    private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");
    /** How long a test waits for an attach or detach it needs; the 1 s promise has a test of its own. */
    private static final Duration ATTACHED_WITHIN = Duration.ofSeconds(20);
    private static final Duration MESH_WITHIN = Duration.ofSeconds(15);

    @Test
    void labelledContainerGetsItsInterfaceAddressAndPort() {
        Host h1 = HOSTS.get().host(1);
        String id = run(h1, "attach1", ThreeHosts.VXLAN, "--label", OvsnetLabels.IFACE + "=ovs0");

        String address = awaitAddress(h1, "attach1", "ovs0");
        assertThat(address).startsWith("10.71.0.");
        String mtu = h1.docker("exec", "attach1", "cat", "/sys/class/net/ovs0/mtu").orThrow().stdout().strip();
        assertThat(Integer.parseInt(mtu)).as("container MTU = underlay MTU - 50 for VXLAN").isEqualTo(1500 - 50);

        String port = "ovs" + id.substring(0, 11);
        assertThat(externalId(h1, port, "container_id")).isEqualTo(id);
        assertThat(externalId(h1, port, "container_iface")).isEqualTo("ovs0");
        assertThat(externalId(h1, port, "ovsnet-network")).isEqualTo(ThreeHosts.VXLAN);
        assertThat(externalId(h1, port, "ovsnet-ip")).isEqualTo(address + "/24");
        assertThat(HOSTS.get().ipam().leases().list(Optional.of(ThreeHosts.VXLAN)))
                .anyMatch(l -> l.owner().equals(id) && l.address().toString().equals(address)
                        && l.host().equals(Optional.of("h1")));
    }

    @Test
    void aLabelledContainerHasItsAddressWithinOneSecondOfItsStart() {
        Host h1 = HOSTS.get().host(1);
        run(h1, "prompt1", ThreeHosts.VXLAN);
        String[] state = h1.docker("inspect", "-f", "{{.State.Pid}} {{.State.StartedAt}}", "prompt1")
                .orThrow().stdout().strip().split(" ");
        Instant started = Instant.parse(state[1]);
        // Looked at from the host through the container's namespace, every 20 ms: docker exec would
        // itself take longer than what is measured.
        // The first look comes after docker run and inspect have returned, which on a loaded machine
        // can itself be later than 1 s after the start: an address already there at the first look
        // was there as early as this test can tell; after that, every later look must be within 1 s.
        Instant[] seen = new Instant[1];
        int[] looks = new int[1];
        await().atMost(ATTACHED_WITHIN).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            looks[0]++;
            CommandResult r = h1.exec("nsenter", "-t", state[0], "-n", "ip", "-4", "-o", "addr", "show", "dev", "eth0");
            assertThat(INET.matcher(r.stdout()).find()).as("eth0 of prompt1 has an address: %s", r.stdout()).isTrue();
            seen[0] = Instant.now();
        });
        if (looks[0] > 1) {
            assertThat(Duration.between(started, seen[0])).as("from Docker's start to an address on eth0")
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void statusShowsTunnelsAndEndpointsAndAPortWhoseContainerWasRemovedBehindTheAgentsBack() throws Exception {
        ThreeHosts hosts = HOSTS.get();
        Host h1 = hosts.host(1);
        String id = run(h1, "shown1", ThreeHosts.VXLAN);
        run(hosts.host(2), "shown2", ThreeHosts.VXLAN);
        run(hosts.host(3), "shown3", ThreeHosts.VXLAN);
        List<String> addresses = List.of(awaitAddress(h1, "shown1", "eth0"),
                awaitAddress(hosts.host(2), "shown2", "eth0"), awaitAddress(hosts.host(3), "shown3", "eth0"));
        assertThat(addresses).as("addresses from the shared pool, across hosts").doesNotHaveDuplicates();
        String port = "ovs" + id.substring(0, 11);

        await().atMost(MESH_WITHIN).untilAsserted(() -> {
            JsonNode status = status(h1);
            assertThat(status.path("tunnels").findValuesAsText("peer")).contains("h2", "h3");
            assertThat(status.path("endpoints").findValuesAsText("container_id")).contains(id);
            assertThat(status.path("problems").findValuesAsText("subject")).doesNotContain(port);
        });

        hosts.agent(1).close();
        try {
            h1.docker("rm", "-f", "shown1").orThrow();
            JsonNode status = status(h1);
            assertThat(status.path("problems")).anySatisfy(p -> {
                assertThat(p.path("kind").asText()).isEqualTo("port-without-container");
                assertThat(p.path("subject").asText()).isEqualTo(port);
            });
        } finally {
            hosts.restartAgent(1);
        }
        assertThat(containerPorts(h1)).as("the restarted agent removes the orphan").doesNotContain(port);
    }

    private static JsonNode status(Host host) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine status = new CommandLine(new StatusCommand());
        status.setOut(new PrintWriter(out, true));
        status.setErr(new PrintWriter(err, true));
        int exit = status.execute("--ovsdb", host.ovsdbRemote(), "--store", HOSTS.get().storeUnixRemote(),
                "--docker", host.dockerHost(), "--host-name", host.name(), "--format", "json");
        assertThat(exit).as("ovsnet status: %s", err).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void containersOfOneNetworkReachEachOtherAcrossHostsOverVxlanAndGre() {
        ThreeHosts hosts = HOSTS.get();
        for (int i = 1; i <= 3; i++) {
            run(hosts.host(i), "vx" + i, ThreeHosts.VXLAN);
            run(hosts.host(i), "gr" + i, ThreeHosts.GRE);
        }
        String vx2 = awaitAddress(hosts.host(2), "vx2", "eth0");
        String vx3 = awaitAddress(hosts.host(3), "vx3", "eth0");
        String gr2 = awaitAddress(hosts.host(2), "gr2", "eth0");
        String gr3 = awaitAddress(hosts.host(3), "gr3", "eth0");
        awaitAddress(hosts.host(1), "vx1", "eth0");
        awaitAddress(hosts.host(1), "gr1", "eth0");

        awaitPing(hosts.host(1), "vx1", vx2);
        awaitPing(hosts.host(1), "vx1", vx3);
        awaitPing(hosts.host(3), "gr3", gr2);
        awaitPing(hosts.host(1), "gr1", gr3);
        // A packet of exactly the container MTU crosses with DF set (VXLAN 1450, GRE 1458); one byte more does not.
        assertThat(dfPing(hosts.host(1), "vx1", vx2, 1450 - 28).succeeded()).as("1450-byte packet over VXLAN").isTrue();
        assertThat(dfPing(hosts.host(1), "vx1", vx2, 1450 - 27).succeeded()).isFalse();
        assertThat(dfPing(hosts.host(1), "gr1", gr3, 1458 - 28).succeeded()).as("1458-byte packet over GRE").isTrue();
        assertThat(dfPing(hosts.host(1), "gr1", gr3, 1458 - 27).succeeded()).isFalse();
        // TCP too: it fails on the userspace datapath when TX checksum offload is left on.
        hosts.host(2).docker("exec", "-d", "vx2", "nc", "-l", "-p", "7000", "-e", "echo", "hello").orThrow();
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(hosts.host(1)
                .docker("exec", "vx1", "sh", "-c", "nc -w 2 " + vx2 + " 7000 </dev/null").stdout())
                .contains("hello"));
    }

    @Test
    void containersOfDifferentNetworksDoNotReachEachOther() {
        ThreeHosts hosts = HOSTS.get();
        // The intruder, in the VXLAN network, also gets an address in the GRE network's subnet, so
        // routing does not stop it: only the overlay's isolation can.
        // The intruder's GRE-subnet address is set aside in the pool first, so no GRE container gets it.
        hosts.ipam().leases().reserve(ThreeHosts.GRE, IpAddress.parse("10.72.0.250"), "intruder-alias",
                LeaseKind.RESERVED, Optional.empty());
        run(hosts.host(1), "intruder", ThreeHosts.VXLAN, "--cap-add", "NET_ADMIN");
        run(hosts.host(1), "friend", ThreeHosts.GRE);
        run(hosts.host(2), "target", ThreeHosts.GRE);
        awaitAddress(hosts.host(1), "intruder", "eth0");
        awaitAddress(hosts.host(1), "friend", "eth0");
        String target = awaitAddress(hosts.host(2), "target", "eth0");
        hosts.host(1).docker("exec", "intruder", "ip", "addr", "add", "10.72.0.250/24", "dev", "eth0").orThrow();

        awaitPing(hosts.host(1), "friend", target);
        CommandResult blocked = hosts.host(1).docker("exec", "intruder", "ping", "-c", "3", "-W", "1", target);
        assertThat(blocked.succeeded()).as("ping across networks must fail: %s", blocked.stdout()).isFalse();
    }

    @Test
    void stoppingAContainerRemovesItsPortAndReleasesItsLease() {
        ThreeHosts hosts = HOSTS.get();
        Host h2 = hosts.host(2);
        String id = run(h2, "short", ThreeHosts.GRE);
        String address = awaitAddress(h2, "short", "eth0");
        String port = "ovs" + id.substring(0, 11);
        assertThat(h2.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout()).contains(port);

        h2.docker("stop", "-t", "0", "short").orThrow();

        await().atMost(ATTACHED_WITHIN).untilAsserted(() -> {
            assertThat(h2.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout()).doesNotContain(port);
            assertThat(leases(ThreeHosts.GRE)).noneMatch(l -> l.owner().equals(id));
            assertThat(leases(ThreeHosts.GRE)).noneMatch(l -> l.address().toString().equals(address));
        });
        assertThat(h2.exec("ip", "link", "show", port).succeeded()).as("host end of the veth is gone").isFalse();
    }

    @Test
    void aLabelNamingAnUnknownNetworkChangesNothing() {
        Host h3 = HOSTS.get().host(3);
        List<String> before = containerPorts(h3);
        int leases = HOSTS.get().ipam().leases().list(Optional.empty()).size();
        String id = run(h3, "lost", "no-such-network");
        String other = run(h3, "found", ThreeHosts.VXLAN);
        // The container after it is attached, so the agent has handled the first one by now.
        awaitAddress(h3, "found", "eth0");

        assertThat(h3.docker("exec", "lost", "ip", "-o", "link").orThrow().stdout()).doesNotContain("eth0");
        List<String> after = containerPorts(h3);
        assertThat(after).doesNotContain("ovs" + id.substring(0, 11)).contains("ovs" + other.substring(0, 11))
                .hasSize(before.size() + 1);
        assertThat(HOSTS.get().ipam().leases().list(Optional.empty())).hasSize(leases + 1);
    }

    @Test
    void anAgentRestartKeepsHealthyPortsAndCatchesUpWithWhatHappenedMeanwhile() throws Exception {
        ThreeHosts hosts = HOSTS.get();
        Host h1 = hosts.host(1);
        Host h2 = hosts.host(2);
        String staysId = run(h1, "stays", ThreeHosts.GRE);
        String goesId = run(h1, "goes", ThreeHosts.GRE);
        run(h2, "peer", ThreeHosts.GRE);
        String stays = awaitAddress(h1, "stays", "eth0");
        awaitAddress(h1, "goes", "eth0");
        String peer = awaitAddress(h2, "peer", "eth0");
        awaitPing(h2, "peer", stays);
        String staysPort = "ovs" + staysId.substring(0, 11);
        String goesPort = "ovs" + goesId.substring(0, 11);
        String uuidBefore = h1.exec("ovs-vsctl", "get", "Port", staysPort, "_uuid").orThrow().stdout().strip();

        hosts.agent(1).close();
        CommandResult duringOutage = h2.docker("exec", "peer", "ping", "-c", "3", "-W", "1", stays);
        assertThat(duringOutage.succeeded()).as("the datapath forwards while the agent is down: %s",
                duringOutage.stdout()).isTrue();
        h1.docker("rm", "-f", "goes").orThrow();
        String newId = run(h1, "newcomer", ThreeHosts.GRE);
        hosts.restartAgent(1);

        assertThat(h1.exec("ovs-vsctl", "get", "Port", staysPort, "_uuid").orThrow().stdout().strip())
                .as("the healthy port is adopted, not rebuilt").isEqualTo(uuidBefore);
        String newcomer = awaitAddress(h1, "newcomer", "eth0");
        assertThat(containerPorts(h1)).doesNotContain(goesPort).contains("ovs" + newId.substring(0, 11));
        assertThat(leases(ThreeHosts.GRE)).noneMatch(l -> l.owner().equals(goesId));
        awaitPing(h1, "newcomer", peer);
        assertThat(newcomer).isNotEqualTo(stays);
    }

    @Test
    void aContainerAskingForATakenAddressIsRefusedAndNothingIsLeftHalfBuilt() {
        Host h1 = HOSTS.get().host(1);
        Host h3 = HOSTS.get().host(3);
        run(h1, "owner", ThreeHosts.GRE);
        String taken = awaitAddress(h1, "owner", "eth0");
        List<String> before = containerPorts(h3);
        int leases = leases(ThreeHosts.GRE).size();

        String id = run(h3, "copycat", ThreeHosts.GRE, "--label", OvsnetLabels.IP + "=" + taken);
        run(h3, "after", ThreeHosts.GRE);
        awaitAddress(h3, "after", "eth0");

        // The agent tries the refused attach again later (the address may be freed); each try builds
        // the veth and takes it down when the claim is refused, so a look can fall inside one:
        // what must hold is that nothing stays.
        await().atMost(ATTACHED_WITHIN).untilAsserted(() -> {
            assertThat(h3.docker("exec", "copycat", "ip", "-o", "link").orThrow().stdout()).doesNotContain("eth0");
            assertThat(containerPorts(h3)).doesNotContain("ovs" + id.substring(0, 11)).hasSize(before.size() + 1);
            assertThat(h3.exec("ip", "link", "show", "ovs" + id.substring(0, 11)).succeeded()).isFalse();
            assertThat(leases(ThreeHosts.GRE)).hasSize(leases + 1).noneMatch(l -> l.owner().equals(id));
        });
    }

    @Test
    void removingAHostRemovesItsTunnelsOnTheOthersAndRestartingItsAgentBringsThemBack() throws Exception {
        ThreeHosts hosts = HOSTS.get();
        Host h1 = hosts.host(1);
        Host h3 = hosts.host(3);
        run(h1, "near", ThreeHosts.VXLAN);
        String farId = run(h3, "far", ThreeHosts.VXLAN);
        awaitAddress(h1, "near", "eth0");
        String far = awaitAddress(h3, "far", "eth0");
        awaitPing(h1, "near", far);
        assertThat(tunnelsTo(h1, "h3")).isNotEmpty();

        hosts.agent(3).close();
        hosts.ipam().hosts().remove("h3");

        await().atMost(ATTACHED_WITHIN).untilAsserted(() -> assertThat(tunnelsTo(h1, "h3")).isEmpty());
        assertThat(leases(ThreeHosts.VXLAN)).noneMatch(l -> l.owner().equals(farId));

        hosts.restartAgent(3);
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(tunnelsTo(h1, "h3")).isNotEmpty());
        awaitPing(h1, "near", far);
        assertThat(leases(ThreeHosts.VXLAN)).anyMatch(l -> l.owner().equals(farId)
                && l.address().toString().equals(far));
    }

    @Test
    void aFailedAttachUndoesItsEarlierSteps() throws Exception {
        ThreeHosts hosts = HOSTS.get();
        Host h2 = hosts.host(2);
        // No ovsnet label on the container itself, so h2's agent leaves it alone; the attacher
        // under test is told the label, and its last step (the local VLAN) fails.
        String id = h2.docker("run", "-d", "--name", "undone", "--network", "none", h2.busyboxImage(),
                "sleep", "3600").orThrow().stdout().strip();
        long pid = Long.parseLong(h2.docker("inspect", "-f", "{{.State.Pid}}", id).orThrow().stdout().strip());
        RunningContainer container = new RunningContainer(id, "undone",
                Map.of(OvsnetLabels.NETWORK, ThreeHosts.GRE), pid, Optional.empty());
        NetworkTags failing = network -> {
            throw new IllegalStateException("no local VLAN for " + network + " (injected)");
        };
        try (OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(h2.ovsdbRemote()).build())
                        .get(10, TimeUnit.SECONDS);
                LocalSwitch sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                NetlinkHandle host = NetlinkHandle.open(Namespace.named(h2.namespace()))) {
            IntegrationBridge bridge = new IntegrationBridge(sw, "br-ovsnet");
            try (Attacher attacher = new Attacher(new HostPlumbing("h2", host, bridge, new ContainerPorts(bridge),
                    hosts.ipam(), failing, hosts.settings(h2).underlay()), 1)) {
                assertThatThrownBy(() -> attacher.attach(container).get(30, TimeUnit.SECONDS))
                        .hasRootCauseMessage("no local VLAN for " + ThreeHosts.GRE + " (injected)");
            }
        }
        String port = "ovs" + id.substring(0, 11);
        assertThat(h2.exec("ip", "link", "show", port).succeeded()).as("host end deleted").isFalse();
        assertThat(h2.docker("exec", "undone", "ip", "-o", "link").orThrow().stdout()).doesNotContain("eth0");
        assertThat(containerPorts(h2)).doesNotContain(port);
        assertThat(leases(ThreeHosts.GRE)).noneMatch(l -> l.owner().equals(id));
    }

    @Test
    void killingTheAgentProcessLosesNoPacketAndItsRestartAdoptsThePorts() throws Exception {
        ThreeHosts hosts = HOSTS.get();
        Host h1 = hosts.host(1);
        Host h2 = hosts.host(2);
        hosts.agent(1).close();
        Path dir = Files.createTempDirectory("ovsnet-agent-h1");
        Path log = Files.createFile(dir.resolve("agent.log"));
        Process agent = null;
        try {
            agent = startAgentProcess(h1, log);
            String id = run(h1, "steady", ThreeHosts.VXLAN);
            run(h2, "watcher", ThreeHosts.VXLAN);
            String steady = awaitAddress(h1, "steady", "eth0");
            awaitAddress(h2, "watcher", "eth0");
            awaitPing(h2, "watcher", steady);
            String port = "ovs" + id.substring(0, 11);
            String uuidBefore = h1.exec("ovs-vsctl", "get", "Port", port, "_uuid").orThrow().stdout().strip();

            Process ping = new ProcessBuilder("docker", "-H", h2.dockerHost(), "exec", "watcher", "ping", "-c",
                    "40", "-i", "0.2", steady).redirectErrorStream(true).start();
            Thread.sleep(1000);
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            agent = startAgentProcess(h1, log);
            String pings = new String(ping.getInputStream().readAllBytes());
            assertThat(ping.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(pings).as("pings while the agent was killed and restarted").contains(" 0% packet loss");
            assertThat(h1.exec("ovs-vsctl", "get", "Port", port, "_uuid").orThrow().stdout().strip())
                    .isEqualTo(uuidBefore);
            assertThat(Files.readString(log)).contains("container port adopted container=" + id);
        } finally {
            if (agent != null) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir.resolve("state"));
            Files.deleteIfExists(dir);
            hosts.restartAgent(1);
        }
    }

    /** {@code ovsnet agent} for the host as a process in the host's namespace; returns once it is ready. */
    private static Process startAgentProcess(Host host, Path log) throws Exception {
        return AgentMain.startProcess(host, HOSTS.get().storeUnixRemote(), log, log.resolveSibling("state"),
                host.pluginDirectory().resolve("ovsnet.sock"));
    }

    /** The names of the tunnel ports on the host's bridge whose peer is {@code peer}. */
    private static List<String> tunnelsTo(Host host, String peer) {
        return host.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Port", "external_ids:ovsnet-peer=" + peer)
                .orThrow().stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    /** iputils {@code ping -M do -s SIZE} (busybox has no DF option) inside the container's namespace. */
    private static CommandResult dfPing(Host host, String container, String address, int size) {
        String pid = host.docker("inspect", "-f", "{{.State.Pid}}", container).orThrow().stdout().strip();
        return host.exec("nsenter", "--net=/proc/" + pid + "/ns/net", "ping", "-M", "do", "-s", Integer.toString(size),
                "-c", "1", "-W", "2", address);
    }

    /** One external_ids value of a Port, without the quotes ovs-vsctl adds to some strings. */
    private static String externalId(Host host, String port, String key) {
        return host.exec("ovs-vsctl", "get", "Port", port, "external_ids:" + key).orThrow().stdout().strip()
                .replaceAll("^\"|\"$", "");
    }

    /** The container ports (not tunnels) on the host's bridge. */
    private static List<String> containerPorts(Host host) {
        return host.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout().lines()
                .filter(name -> name.matches("ovs[0-9a-f]{11}")).toList();
    }

    private static List<Lease> leases(String network) {
        return HOSTS.get().ipam().leases().list(Optional.of(network));
    }

    /** {@code docker run -d --label ovsnet.network=NETWORK --network none EXTRA... busybox sleep 3600}; its id. */
    private static String run(Host host, String name, String network, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none",
                "--label", OvsnetLabels.NETWORK + "=" + network));
        args.addAll(List.of(extra));
        args.addAll(List.of(host.busyboxImage(), "sleep", "3600"));
        return host.docker(args.toArray(String[]::new)).orThrow().stdout().strip();
    }

    private static String awaitAddress(Host host, String container, String iface) {
        String[] address = new String[1];
        await().atMost(ATTACHED_WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ip", "-4", "-o", "addr", "show", "dev", iface);
            Matcher m = INET.matcher(r.stdout());
            assertThat(m.find()).as("%s has an address on %s: %s %s", container, iface, r.stdout(), r.stderr())
                    .isTrue();
            address[0] = m.group(1);
        });
        return address[0];
    }

    private static void awaitPing(Host host, String container, String address) {
        await().atMost(MESH_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ping", "-c", "1", "-W", "1", address);
            assertThat(r.succeeded()).as("%s pings %s: %s", container, address, r.stdout()).isTrue();
        });
    }
}
