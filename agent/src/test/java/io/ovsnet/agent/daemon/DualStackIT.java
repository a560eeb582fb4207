package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.AgentHosts;
import io.ovsnet.agent.cli.status.StatusCommand;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * A network with an IPv4 and an IPv6 subnet: a container attached in event mode gets an address
 * of each from the shared pool, its port records both, {@code ovsnet status} shows both, it
 * reaches a container on another host over both, and gives both back when it is removed. An
 * agent restart adopts a dual-stack port only while both addresses are in the container and both
 * leases are still the container's, and repairs it otherwise. A network with only an IPv6 subnet
 * attaches too. A label pinning an IPv6 address is refused with a clear reason.
 */
class DualStackIT {
    private static final String NETWORK = "dual";
    private static final String V6_ONLY = "six";
    private static final Pattern INET6 = Pattern.compile("inet6 (fd00:7[56]:[0-9a-f:]+)/64");
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestbedExtension<AgentHosts> HOSTS = TestbedExtension.of(() -> AgentHosts.start(2, "ovsnet-dual-it",
            ipam -> {
                ipam.networks().create(new NetworkSpec(NETWORK,
                        List.of(Cidr.parse("10.75.0.0/24"), Cidr.parse("fd00:75::/64")), List.of(), List.of(),
                        Encap.VXLAN, OptionalLong.empty(), 0, Map.of()));
                ipam.networks().create(new NetworkSpec(V6_ONLY, List.of(Cidr.parse("fd00:76::/64")), List.of(),
                        List.of(), Encap.VXLAN, OptionalLong.empty(), 0, Map.of()));
            },
            (agent, host) -> { }));

    @Test
    void containersGetAnAddressOfEachFamilyRecordedOnThePortShownByStatusAndReachEachOtherOverBoth()
            throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        String one = run(h1, "v6one", NETWORK);
        run(h2, "v6two", NETWORK);
        String address1 = await6(h1, "v6one");
        String address2 = await6(h2, "v6two");
        assertThat(address1).isNotEqualTo(address2);

        awaitPing6(h1, "v6one", address2);
        String v4two = address4(h2, "v6two");
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> h1
                .docker("exec", "v6one", "ping", "-c", "1", "-W", "1", v4two).succeeded());

        // The port records both addresses (ARCHITECTURE.md decision 4), as OVS's own tools read them.
        String port = portOf(one);
        assertThat(externalId(h1, port, ContainerPort.IP6)).isEqualTo(address1 + "/64");
        assertThat(externalId(h1, port, ContainerPort.IP)).isEqualTo(address4(h1, "v6one") + "/24");

        JsonNode endpoint = endpointInStatus(h1, one);
        assertThat(endpoint.get("address").asText()).isEqualTo(address4(h1, "v6one") + "/24");
        assertThat(endpoint.get("address6").asText()).isEqualTo(address1 + "/64");
        String text = status(h1, "text");
        assertThat(text).contains("IPV6 ADDRESS");
        assertThat(text.lines()).as(text).anyMatch(line -> line.contains(one.substring(0, 12))
                && line.contains(address1 + "/64"));

        assertThat(leases(NETWORK)).filteredOn(l -> l.owner().equals(one)).extracting(Lease::family)
                .containsExactlyInAnyOrder(IpFamily.IPV4, IpFamily.IPV6);
        h1.docker("rm", "-f", "v6one").orThrow();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(leases(NETWORK)).as("both leases released").noneMatch(l -> l.owner().equals(one)));
    }

    @Test
    void killingTheAgentAndRestartingItAdoptsADualStackPortThatStillReachesItsPeerOverIpv6() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        HOSTS.get().agent(1).close();
        Path dir = Files.createTempDirectory("ovsnet-dual-agent");
        Path log = Files.createFile(dir.resolve("agent.log"));
        Process agent = null;
        try {
            agent = startAgentProcess(h1, dir);
            String id = run(h1, "v6kept", NETWORK);
            run(h2, "v6peer", NETWORK);
            String kept = await6(h1, "v6kept");
            awaitPing6(h2, "v6peer", kept);
            String port = portOf(id);
            String uuidBefore = portUuid(h1, port);

            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            agent = startAgentProcess(h1, dir);

            assertThat(Files.readString(log)).contains("container port adopted container=" + id);
            assertThat(portUuid(h1, port)).as("the healthy dual-stack port is adopted, not rebuilt")
                    .isEqualTo(uuidBefore);
            assertThat(externalId(h1, port, ContainerPort.IP6)).isEqualTo(kept + "/64");
            CommandResult ping = h2.docker("exec", "v6peer", "ping", "-6", "-c", "1", "-W", "2", kept);
            assertThat(ping.succeeded()).as("ping over IPv6 after the restart: %s", ping.stdout()).isTrue();
            assertThat(leases(NETWORK)).filteredOn(l -> l.owner().equals(id)).extracting(Lease::family)
                    .containsExactlyInAnyOrder(IpFamily.IPV4, IpFamily.IPV6);
        } finally {
            if (agent != null) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            HOSTS.get().restartAgent(1);
        }
    }

    @Test
    void aRestartRepairsADualStackPortMissingItsIpv6AddressOrLease() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        String lostId = run(h1, "v6lost", NETWORK);
        String stolenId = run(h1, "v6stolen", NETWORK);
        run(h2, "v6far", NETWORK);
        String lost = await6(h1, "v6lost");
        String stolen = await6(h1, "v6stolen");
        String far = await6(h2, "v6far");
        String lostUuid = portUuid(h1, portOf(lostId));
        String stolenUuid = portUuid(h1, portOf(stolenId));

        HOSTS.get().agent(1).close();
        // While the agent is down: one container loses its IPv6 address, the other its IPv6 lease.
        inContainer(h1, "v6lost", "ip", "-6", "addr", "del", lost + "/64", "dev", "eth0").orThrow();
        HOSTS.get().ipam().leases().release(NETWORK, IpAddress.parse(stolen));
        // No host: no agent's garbage collection takes the intruder's lease back.
        HOSTS.get().ipam().leases().reserve(NETWORK, IpAddress.parse(stolen), "intruder", LeaseKind.ENDPOINT,
                Optional.empty());
        HOSTS.get().restartAgent(1);

        awaitRebuilt(h1, portOf(lostId), lostUuid);
        assertThat(await6(h1, "v6lost")).as("its IPv6 lease was kept, so the same address").isEqualTo(lost);
        awaitRebuilt(h1, portOf(stolenId), stolenUuid);
        String renumbered = await6(h1, "v6stolen");
        assertThat(renumbered).as("a new IPv6 address: the old one is the intruder's").isNotEqualTo(stolen);
        assertThat(externalId(h1, portOf(stolenId), ContainerPort.IP6)).isEqualTo(renumbered + "/64");
        assertThat(leases(NETWORK)).filteredOn(l -> l.owner().equals(stolenId) && l.family() == IpFamily.IPV6)
                .extracting(l -> l.address().toString()).containsExactly(renumbered);
        awaitPing6(h1, "v6lost", far);
        awaitPing6(h1, "v6stolen", far);
        HOSTS.get().ipam().leases().releaseOwner(NETWORK, "intruder");
    }

    @Test
    void anIpv6OnlyNetworkGivesAnIpv6AddressAndRouteAndNoIpv4() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        String id = run(h1, "sixone", V6_ONLY);
        run(h2, "sixtwo", V6_ONLY);
        String address1 = await6(h1, "sixone");
        String address2 = await6(h2, "sixtwo");
        assertThat(address1).startsWith("fd00:76:");
        awaitPing6(h1, "sixone", address2);

        assertThat(h1.docker("exec", "sixone", "ip", "-4", "-o", "addr", "show", "dev", "eth0").orThrow().stdout())
                .as("no IPv4 address").isBlank();
        assertThat(h1.docker("exec", "sixone", "ip", "-6", "route", "show", "dev", "eth0").orThrow().stdout())
                .contains("fd00:76::/64");
        String port = portOf(id);
        assertThat(externalId(h1, port, ContainerPort.IP6)).isEqualTo(address1 + "/64");
        assertThat(externalId(h1, port, ContainerPort.IP)).as("ovsnet-ip always holds an address")
                .isEqualTo(address1 + "/64");
        assertThat(endpointInStatus(h1, id).get("address6").asText()).isEqualTo(address1 + "/64");
        assertThat(leases(V6_ONLY)).filteredOn(l -> l.owner().equals(id)).extracting(Lease::family)
                .containsExactly(IpFamily.IPV6);

        h1.docker("rm", "-f", "sixone").orThrow();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(leases(V6_ONLY)).noneMatch(l -> l.owner().equals(id)));
    }

    @Test
    void aLabelPinningAnIpv6AddressIsRefused() {
        Host h1 = HOSTS.get().host(1);
        String id = h1.docker("run", "-d", "--name", "pinned6", "--network", "none", "--label",
                OvsnetLabels.NETWORK + "=" + NETWORK, "--label", OvsnetLabels.IP + "=fd00:75::99",
                h1.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
        // Nothing is leased for it, and it gets no interface (checked after the agent had time to try).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(leases(NETWORK)).noneMatch(l -> l.owner().equals(id)));
        assertThat(h1.docker("exec", "pinned6", "ip", "-o", "link", "show", "eth0").succeeded()).isFalse();
    }

    private static List<Lease> leases(String network) {
        return HOSTS.get().ipam().leases().list(Optional.of(network));
    }

    private static String run(Host host, String name, String network) {
        return host.docker("run", "-d", "--name", name, "--network", "none", "--label",
                OvsnetLabels.NETWORK + "=" + network, host.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
    }

    private static String portOf(String containerId) {
        return "ovs" + containerId.substring(0, 11);
    }

    private static String await6(Host host, String container) {
        String[] address = new String[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ip", "-6", "-o", "addr", "show", "dev", "eth0");
            Matcher m = INET6.matcher(r.stdout());
            assertThat(m.find()).as("%s has an IPv6 address on eth0: %s %s", container, r.stdout(), r.stderr())
                    .isTrue();
            address[0] = m.group(1);
        });
        return address[0];
    }

    private static String address4(Host host, String container) {
        return host.docker("exec", container, "ip", "-4", "-o", "addr", "show", "dev", "eth0").orThrow().stdout()
                .replaceAll("(?s).*inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/.*", "$1").strip();
    }

    private static void awaitPing6(Host host, String container, String address) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ping", "-6", "-c", "1", "-W", "1", address);
            assertThat(r.succeeded()).as("%s pings %s over IPv6: %s %s", container, address, r.stdout(), r.stderr())
                    .isTrue();
        });
    }

    /** {@code command} in the container's network namespace, run from the host (with the host's tools). */
    private static CommandResult inContainer(Host host, String container, String... command) {
        String pid = host.docker("inspect", "-f", "{{.State.Pid}}", container).orThrow().stdout().strip();
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid + "/ns/net"));
        line.addAll(List.of(command));
        return host.exec(line.toArray(String[]::new));
    }

    /** One external_ids value of a Port as ovs-vsctl in the host's namespace reads it, without quotes. */
    private static String externalId(Host host, String port, String key) {
        return host.exec("ovs-vsctl", "get", "Port", port, "external_ids:" + key).orThrow().stdout().strip()
                .replaceAll("^\"|\"$", "");
    }

    /** Waits until the port named {@code port} exists with another UUID than {@code before}. */
    private static void awaitRebuilt(Host host, String port, String before) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.exec("ovs-vsctl", "get", "Port", port, "_uuid");
            assertThat(r.succeeded() ? r.stdout().strip() : before).as("port %s rebuilt", port).isNotEqualTo(before);
        });
    }

    private static String portUuid(Host host, String port) {
        return host.exec("ovs-vsctl", "get", "Port", port, "_uuid").orThrow().stdout().strip();
    }

    /** {@code ovsnet status} for the host, as Main runs it; fails the test on a non-zero exit. */
    private static String status(Host host, String format) {
        CommandLine cl = new CommandLine(new StatusCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("--ovsdb", host.ovsdbRemote(), "--store", HOSTS.get().store().remote(), "--docker",
                host.dockerHost(), "--host-name", host.name(), "--format", format);
        assertThat(exit).as("ovsnet status: %s", err).isZero();
        return out.toString();
    }

    /** The endpoint of {@code containerId} in {@code ovsnet status --format json} of the host. */
    private static JsonNode endpointInStatus(Host host, String containerId) throws Exception {
        JsonNode status = new ObjectMapper().readTree(status(host, "json"));
        for (JsonNode e : status.get("endpoints")) {
            if (e.get("container_id").asText().equals(containerId)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint of " + containerId + " in " + status);
    }

    /**
     * {@code ovsnet agent} for the host as a process in the host's namespace, logging to
     * {@code dir/agent.log}, its state and plugin socket in {@code dir}; returns once it reconciled.
     */
    private static Process startAgentProcess(Host host, Path dir) throws Exception {
        return AgentMain.startProcess(host, HOSTS.get().storeUnixRemote(), dir.resolve("agent.log"),
                dir.resolve("state"), dir.resolve("ovsnet.sock"));
    }
}
