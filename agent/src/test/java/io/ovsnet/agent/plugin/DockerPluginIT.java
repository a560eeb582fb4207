package io.ovsnet.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ovsnet through plain Docker on two simulated hosts (issue 6): {@code docker network create -d
 * ovsnet --ipam-driver ovsnet} on each host gives one network; containers started with {@code
 * docker run --network} reach each other across hosts by ping and TCP, with unique addresses,
 * {@code --ip} honoured and a default route through docker_gwbridge; {@code docker network rm}
 * leaves no port, tunnel or lease behind; an agent restart keeps running containers connected
 * and new ones start afterwards; a deleted bridge or a recreated local OVSDB gets the endpoints'
 * ports back, with their addresses and leases. Each test uses its own network and containers.
 */
class DockerPluginIT {
    private static final Logger log = LoggerFactory.getLogger(DockerPluginIT.class);
    @RegisterExtension
    static final TestbedExtension<PluginHosts> HOSTS = TestbedExtension.of(() -> PluginHosts.start(2));

    private static final Duration MESH_WITHIN = Duration.ofSeconds(15);
    /** After a recreated database the agent's OVSDB client reconnects first (backoff up to 8 s). */
    private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(25);

    @Test
    void containersOnTwoHostsShareOneNetworkAndItIsCleanedUpOnRemoval() {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        createNetwork(h1, "blue", "10.64.0.0/24");
        createNetwork(h2, "blue", "10.64.0.0/24");

        // The fixed address first: "any address" starts at a random place in the pool and may land on it.
        run(h2, "b3", "blue", "--ip", "10.64.0.200");
        run(h1, "b1", "blue");
        run(h2, "b2", "blue");
        String b1 = address(h1, "b1");
        String b2 = address(h2, "b2");
        assertThat(address(h2, "b3")).isEqualTo("10.64.0.200");
        assertThat(List.of(b1, b2, "10.64.0.200")).doesNotHaveDuplicates().allMatch(a -> a.startsWith("10.64.0."));
        String pool = "docker-10.64.0.0-24";
        assertThat(leases(pool)).filteredOn(l -> l.owner().startsWith("docker-ipam:"))
                .extracting(l -> l.address().toString()).containsExactlyInAnyOrder(b1, b2, "10.64.0.200");

        assertThat(h1.docker("exec", "b1", "cat", "/sys/class/net/eth0/mtu").orThrow().stdout().strip()).isEqualTo("1450");
        assertThat(h1.docker("exec", "b1", "ip", "route").orThrow().stdout())
                .as("default route through docker_gwbridge, overlay subnet connected")
                .containsPattern("default via \\S+ dev eth1").contains("10.64.0.0/24 dev eth0");

        awaitPing(h1, "b1", b2);
        awaitPing(h2, "b2", b1);
        awaitPing(h1, "b1", "10.64.0.200");
        h2.docker("exec", "-d", "b2", "nc", "-l", "-p", "7000", "-e", "echo", "hello").orThrow();
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(h1
                .docker("exec", "b1", "sh", "-c", "nc -w 2 " + b2 + " 7000 </dev/null").stdout()).contains("hello"));
        assertThat(h1.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Interface", "type=vxlan").orThrow()
                .stdout()).as("a VXLAN tunnel to h2").isNotBlank();

        for (Host h : List.of(h1, h2)) {
            h.docker("rm", "-f", "b1", "b2", "b3");
            h.docker("network", "rm", "blue").orThrow();
        }
        for (Host h : List.of(h1, h2)) {
            await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(ports(h)).as("ports and tunnels of %s", h.name())
                    .isEmpty());
        }
        assertThat(leases(pool)).noneMatch(l -> l.owner().startsWith("docker-ipam:"));
    }

    @Test
    void aDualStackNetworkGivesEveryContainerBothFamiliesAndReleasesBothOnRemoval() {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        for (Host h : List.of(h1, h2)) {
            h.docker("network", "create", "-d", "ovsnet", "--ipam-driver", "ovsnet", "--ipam-opt", "ovsnet.network=teal",
                    "--ipv6", "--subnet", "10.68.0.0/24", "--subnet", "fd00:68::/64", "teal").orThrow();
        }
        Network teal = HOSTS.get().ipam().networks().list().stream().filter(n -> n.name().equals("teal")).findFirst()
                .orElseThrow();
        assertThat(teal.subnets()).extracting(Object::toString).containsExactly("10.68.0.0/24", "fd00:68::/64");

        run(h1, "t1", "teal");
        run(h2, "t2", "teal");
        String t1 = address(h1, "t1");
        String t2 = address(h2, "t2");
        String t1v6 = address6(h1, "t1");
        String t2v6 = address6(h2, "t2");
        assertThat(List.of(t1v6, t2v6)).doesNotHaveDuplicates().allMatch(a -> a.startsWith("fd00:68::"));
        assertThat(teal.gateway6()).isPresent();
        assertThat(List.of(t1v6, t2v6)).doesNotContain(teal.gateway6().orElseThrow().toString());
        log.info("t1's IPv6 addresses right after start: {}", h1.docker("exec", "t1", "ip", "-6", "addr", "show", "dev",
                "eth0").stdout().strip().replaceAll("\\s+", " "));
        long started = System.nanoTime();
        awaitPing6(h1, "t1", t2v6);
        log.info("first ping -6 across hosts millis={}", (System.nanoTime() - started) / 1_000_000);
        awaitPing(h1, "t1", t2);
        awaitPing6(h2, "t2", t1v6);

        List<Lease> held = leases("teal").stream().filter(l -> l.owner().startsWith("docker-ipam:")).toList();
        assertThat(held).extracting(l -> l.address().toString()).containsExactlyInAnyOrder(t1, t2, t1v6, t2v6);
        Map<String, Optional<String>> hostOf = held.stream().collect(Collectors.toMap(l -> l.address().toString(), Lease::host));
        assertThat(hostOf.get(t1)).as("both of t1's leases on t1's host").isPresent().isEqualTo(hostOf.get(t1v6));
        assertThat(hostOf.get(t2)).as("both of t2's leases on t2's host, another").isPresent()
                .isEqualTo(hostOf.get(t2v6)).isNotEqualTo(hostOf.get(t1));
        assertThat(h1.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Interface",
                "external_ids:ovsnet-ip6=\"" + t1v6 + "/64\"", "external_ids:ovsnet-ip=" + t1 + "/24").orThrow().stdout())
                .as("t1's port records both addresses").isNotBlank();

        h1.docker("rm", "-f", "t1").orThrow();
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(dockerLeases("teal")).as("t1's two leases released")
                .containsExactlyInAnyOrder(t2, t2v6));
        h2.docker("rm", "-f", "t2").orThrow();
        for (Host h : List.of(h1, h2)) {
            h.docker("network", "rm", "teal").orThrow();
        }
        assertThat(dockerLeases("teal")).isEmpty();
        for (Host h : List.of(h1, h2)) {
            await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(ports(h)).as("ports and tunnels of %s", h.name())
                    .isEmpty());
        }
    }

    @Test
    void anAgentRestartKeepsContainersConnectedAndNewOnesStartAfterwards() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        createNetwork(h1, "green", "10.65.0.0/24");
        createNetwork(h2, "green", "10.65.0.0/24");
        run(h1, "g1", "green");
        run(h2, "g2", "green");
        String g1 = address(h1, "g1");
        String g2 = address(h2, "g2");
        awaitPing(h1, "g1", g2);
        String portsBefore = h1.exec("ovs-vsctl", "--columns=_uuid,name", "list", "Port").orThrow().stdout();

        HOSTS.get().restartAgent(1);

        assertThat(h1.exec("ovs-vsctl", "--columns=_uuid,name", "list", "Port").orThrow().stdout())
                .as("ports adopted, not rebuilt").isEqualTo(portsBefore);
        assertThat(h1.docker("exec", "g1", "ping", "-c", "1", "-W", "2", g2).succeeded()).isTrue();
        assertThat(leases("docker-10.65.0.0-24")).extracting(l -> l.address().toString()).contains(g1, g2);
        run(h1, "g3", "green");
        awaitPing(h2, "g2", address(h1, "g3"));

        for (Host h : List.of(h1, h2)) {
            h.docker("rm", "-f", "g1", "g2", "g3");
            h.docker("network", "rm", "green").orThrow();
        }
    }

    @Test
    void containersComeBackAfterADockerdRestartWithoutLeakingLeases() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        createNetwork(h1, "red", "10.66.0.0/24");
        createNetwork(h2, "red", "10.66.0.0/24");
        run(h2, "peer", "red");
        String peer = address(h2, "peer");
        run(h1, "keeper", "red", "--restart", "always");
        run(h1, "stopped", "red");
        awaitPing(h1, "keeper", peer);
        String pool = "docker-10.66.0.0-24";

        HOSTS.get().restartDockerd(1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(h1.docker("inspect", "-f",
                "{{.State.Running}}", "keeper").stdout().strip()).as("--restart always container back").isEqualTo("true"));
        awaitPing(h1, "keeper", peer);
        assertThat(h1.docker("inspect", "-f", "{{.State.Running}}", "stopped").orThrow().stdout().strip()).isEqualTo("false");
        h1.docker("start", "stopped").orThrow();
        awaitPing(h1, "stopped", peer);
        assertThat(dockerLeases(pool)).as("one lease per running container, none leaked")
                .containsExactlyInAnyOrder(address(h1, "keeper"), address(h1, "stopped"), peer);
        assertThat(ports(h1).stream().filter(p -> p.matches("ovs[0-9a-f]{11}")).count()).isEqualTo(2);

        for (Host h : List.of(h1, h2)) {
            h.docker("rm", "-f", "keeper", "stopped", "peer");
            h.docker("network", "rm", "red").orThrow();
        }
        assertThat(dockerLeases(pool)).isEmpty();
    }

    @Test
    void endpointsAreWiredAgainWhenTheBridgeOrTheDatabaseIsLostAlsoByARestartedAgent() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Host h2 = HOSTS.get().host(2);
        createNetwork(h1, "plum", "10.67.0.0/24");
        createNetwork(h2, "plum", "10.67.0.0/24");
        run(h2, "peer", "plum");
        run(h1, "kept", "plum");
        run(h1, "leaving", "plum");
        String peer = address(h2, "peer");
        String kept = address(h1, "kept");
        awaitPing(h1, "kept", peer);
        awaitPing(h1, "leaving", peer);
        String pool = "docker-10.67.0.0-24";
        List<String> leased = dockerLeases(pool);
        assertThat(leased).hasSize(3);

        h1.exec("ovs-vsctl", "del-br", "br-ovsnet").orThrow();
        awaitBack(h1, "kept", h2, "peer", "del-br");
        awaitPing(h1, "leaving", peer);
        assertThat(address(h1, "kept")).isEqualTo(kept);
        assertThat(dockerLeases(pool)).as("the same leases").containsExactlyInAnyOrderElementsOf(leased);
        assertThat(endpointPorts(h1)).hasSize(2);

        // One endpoint's port deleted while the bridge stays.
        String keptPort = h1.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Interface",
                "external_ids:ovsnet-ip=" + kept + "/24").orThrow().stdout().strip();
        h1.exec("ovs-vsctl", "del-port", "br-ovsnet", keptPort).orThrow();
        awaitBack(h1, "kept", h2, "peer", "del-port");
        assertThat(endpointPorts(h1)).as("the port is back").contains(keptPort).hasSize(2);

        // An agent started after the endpoints were created knows them by their ports. Its bridge
        // is lost while Docker removes one endpoint: that removal wins, whichever comes first.
        HOSTS.get().restartAgent(1);
        h1.exec("ovs-vsctl", "del-br", "br-ovsnet").orThrow();
        h1.docker("rm", "-f", "leaving").orThrow();
        awaitBack(h1, "kept", h2, "peer", "del-br after an agent restart, with an endpoint deleted meanwhile");
        assertThat(address(h1, "kept")).isEqualTo(kept);
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(endpointPorts(h1)).as("only kept's port").hasSize(1));
        Thread.sleep(2_000); // a late re-wire would put the removed endpoint's port back
        assertThat(endpointPorts(h1)).as("only kept's port, still").hasSize(1);
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(h1.exec("ip", "-o", "link").orThrow().stdout()
                .lines().filter(l -> l.matches("\\d+: ov[sc][0-9a-f]{11}[@:].*"))).as("veth ends on host 1: kept's host end")
                .hasSize(1));
        assertThat(dockerLeases(pool)).as("the removed container's lease released")
                .containsExactlyInAnyOrder(kept, peer);

        // The local OVSDB recreated empty (a package reinstall): the agent's client reconnects first.
        h1.recreateOvsDatabase(Duration.ofSeconds(30));
        awaitBack(h1, "kept", h2, "peer", "a recreated database");
        assertThat(address(h1, "kept")).isEqualTo(kept);
        assertThat(endpointPorts(h1)).hasSize(1);
        assertThat(dockerLeases(pool)).containsExactlyInAnyOrder(kept, peer);

        for (Host h : List.of(h1, h2)) {
            h.docker("rm", "-f", "kept", "peer");
            h.docker("network", "rm", "plum").orThrow();
        }
        assertThat(dockerLeases(pool)).isEmpty();
        await().atMost(MESH_WITHIN).untilAsserted(() -> assertThat(endpointPorts(h1)).isEmpty());
    }

    /** Pings both ways until they work again after {@code what}; logs how long it took. */
    private static void awaitBack(Host h1, String c1, Host h2, String c2, String what) {
        long started = System.nanoTime();
        String a1 = address(h1, c1);
        String a2 = address(h2, c2);
        await().atMost(RECOVERED_WITHIN).pollInterval(Duration.ofMillis(200)).until(() ->
                h1.docker("exec", c1, "ping", "-c", "1", "-W", "1", a2).succeeded()
                        && h2.docker("exec", c2, "ping", "-c", "1", "-W", "1", a1).succeeded());
        log.info("endpoint connectivity back after {} millis={}", what, (System.nanoTime() - started) / 1_000_000);
    }

    /** The ports of Docker endpoints on the host's bridge. */
    private static List<String> endpointPorts(Host host) {
        return ports(host).stream().filter(p -> p.matches("ovs[0-9a-f]{11}")).toList();
    }

    private static List<String> dockerLeases(String pool) {
        return leases(pool).stream().filter(l -> l.owner().startsWith("docker-ipam:"))
                .map(l -> l.address().toString()).toList();
    }

    private static void createNetwork(Host host, String name, String subnet) {
        host.docker("network", "create", "-d", "ovsnet", "--ipam-driver", "ovsnet", "--subnet", subnet, name).orThrow();
    }

    private static void run(Host host, String name, String network, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", network));
        args.addAll(List.of(extra));
        args.addAll(List.of(host.busyboxImage(), "sleep", "3600"));
        host.docker(args.toArray(String[]::new)).orThrow();
    }

    private static String address(Host host, String container) {
        return host.docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container)
                .orThrow().stdout().strip();
    }

    private static String address6(Host host, String container) {
        return host.docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}{{end}}", container)
                .orThrow().stdout().strip();
    }

    private static List<String> ports(Host host) {
        return host.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout().lines()
                .filter(l -> !l.isBlank()).toList();
    }

    private static List<Lease> leases(String network) {
        return HOSTS.get().ipam().leases().list(Optional.of(network));
    }

    private static void awaitPing6(Host host, String container, String address) {
        await().atMost(MESH_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ping", "-6", "-c", "1", "-W", "1", address);
            assertThat(r.succeeded()).as("%s pings %s: %s %s", container, address, r.stdout(), r.stderr()).isTrue();
        });
    }

    private static void awaitPing(Host host, String container, String address) {
        await().atMost(MESH_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CommandResult r = host.docker("exec", container, "ping", "-c", "1", "-W", "1", address);
            assertThat(r.succeeded()).as("%s pings %s: %s", container, address, r.stdout()).isTrue();
        });
    }
}
