package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovsnet.agent.AgentHosts;
import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent puts back what is taken away from its local OVSDB behind its back, without a restart:
 * the integration bridge deleted ({@code ovs-vsctl del-br}), one container's port deleted
 * ({@code ovs-vsctl del-port}), the bridge's name taken by a port elsewhere for a while (creation
 * refused, tried again), the whole database recreated empty (ovsdb-server and ovs-vswitchd
 * restarted on a new {@code conf.db}). Each time the containers on host 1 reach host 2 again
 * within seconds with the address they had, and the store still holds exactly one lease per
 * container. The wiped database goes last: it also recreates host 1's underlay bridge. And a
 * re-attach that fails after taking its lease keeps a lease the container held before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeLossIT {
    private static final Logger log = LoggerFactory.getLogger(BridgeLossIT.class);
    private static final String NETWORK = "loss";
    private static final String BRIDGE = "br-ovsnet";
    private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");
    private static final Duration ATTACHED_WITHIN = Duration.ofSeconds(15);
    /** The agent notices at once; the database test waits for its client to reconnect (backoff up to 8 s). */
    private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(25);

    @RegisterExtension
    static final TestbedExtension<AgentHosts> HOSTS = TestbedExtension.of(() -> AgentHosts.start(2, "ovsnet-loss-it",
            ipam -> ipam.networks().create(new NetworkSpec(NETWORK, List.of(Cidr.parse("10.74.0.0/24")), List.of(),
                    List.of(), Encap.VXLAN, OptionalLong.empty(), 0, Map.of())),
            (agent, host) -> { }));

    @Test
    @Order(1)
    void aDeletedBridgeIsBuiltAgainWithItsTunnelsAndContainers() {
        Host h1 = HOSTS.get().host(1);
        Attached peer = peer("far1");
        Attached a = attach(h1, "near1");
        Attached b = attach(h1, "near2");
        awaitPing(h1, a, peer.address);
        awaitPing(h1, b, peer.address);
        String before = bridgeUuid(h1);

        h1.exec("ovs-vsctl", "del-br", BRIDGE).orThrow();

        awaitRecovery(h1, a, peer, "del-br");
        awaitPing(h1, b, peer.address);
        assertThat(bridgeUuid(h1)).as("a new bridge").isNotEqualTo(before);
        assertThat(h1.exec("ovs-vsctl", "get", "Bridge", BRIDGE, "datapath_type").orThrow().stdout().strip())
                .isEqualTo("netdev");
        assertThat(tunnels(h1)).as("tunnel ports on the rebuilt bridge").isNotEmpty();
        assertOneLeaseEach(a, b, peer);
    }

    @Test
    @Order(2)
    void aContainersDeletedPortIsAttachedAgain() {
        Host h1 = HOSTS.get().host(1);
        Attached peer = peer("far2");
        Attached a = attach(h1, "lone");
        awaitPing(h1, a, peer.address);
        String port = portOf(h1, a.id);

        h1.exec("ovs-vsctl", "del-port", BRIDGE, port).orThrow();

        awaitRecovery(h1, a, peer, "del-port");
        assertThat(portOf(h1, a.id)).as("the container has a port again").isNotEmpty();
        assertOneLeaseEach(a, peer);
    }

    @Test
    @Order(3)
    void aBridgeThatCannotBeCreatedIsTriedAgainUntilItCan() throws InterruptedException {
        Host h1 = HOSTS.get().host(1);
        Attached peer = peer("far4");
        Attached a = attach(h1, "blocked");
        awaitPing(h1, a, peer.address);

        // The bridge's name taken by a port of another bridge: creating it is refused until that port goes.
        h1.exec("ovs-vsctl", "del-br", BRIDGE, "--", "add-port", "br-phy", BRIDGE, "--", "set", "Interface", BRIDGE,
                "type=internal").orThrow();
        Thread.sleep(3_000); // the agent's attempts at 0, 1 and 3 s are refused meanwhile
        assertThat(h1.exec("ovs-vsctl", "br-exists", BRIDGE).exitCode()).as("no bridge while its name is taken")
                .isNotZero();
        h1.exec("ovs-vsctl", "del-port", "br-phy", BRIDGE).orThrow();

        awaitRecovery(h1, a, peer, "the bridge's name freed");
        assertOneLeaseEach(a, peer);
    }

    @Test
    @Order(4)
    void aRecreatedDatabaseIsFilledAgain() {
        Host h1 = HOSTS.get().host(1);
        Attached peer = peer("far3");
        Attached a = attach(h1, "wiped");
        awaitPing(h1, a, peer.address);

        String before = bridgeUuid(h1);

        h1.recreateOvsDatabase(Duration.ofSeconds(30));

        awaitRecovery(h1, a, peer, "recreated database");
        assertThat(bridgeUuid(h1)).as("a bridge of the new database").isNotEqualTo(before);
        assertOneLeaseEach(a, peer);
    }

    /**
     * A re-attach that fails after taking its lease (here: the interface name it must use is
     * taken) gives back only a lease it created: the one the container held before stays, so the
     * retry gets the same address.
     */
    @Test
    @Order(5)
    void aFailedAttachKeepsTheLeaseTheContainerHeldBefore() throws Exception {
        Host h1 = HOSTS.get().host(1);
        Ipam ipam = HOSTS.get().ipam();
        String holder = randomId();
        String newcomer = randomId();
        Lease held = ipam.leases().allocate(NETWORK, IpFamily.IPV4, holder, LeaseKind.ENDPOINT, Optional.of(h1.name()));
        Thread.sleep(5); // a re-attach comes later than the claim it repeats
        // h1's own namespace stands in for the container's: it has an "lo" already.
        Path netns = Path.of("/run/netns", h1.namespace());
        Map<String, String> labels = Map.of(OvsnetLabels.NETWORK, NETWORK, OvsnetLabels.IFACE, "lo");
        try (OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(h1.ovsdbRemote()).build())
                        .get(10, TimeUnit.SECONDS);
                LocalSwitch sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                NetlinkHandle netlink = NetlinkHandle.open(Namespace.named(h1.namespace()))) {
            IntegrationBridge bridge = new IntegrationBridge(sw, BRIDGE);
            HostPlumbing plumbing = new HostPlumbing(h1.name(), netlink, bridge, new ContainerPorts(bridge), ipam,
                    network -> 1, AgentHosts.underlay(h1));
            try (Attacher attacher = new Attacher(plumbing, 1)) {
                for (String id : List.of(holder, newcomer)) {
                    assertThatThrownBy(() -> attacher.attach(new RunningContainer(id, "undo", labels, 1,
                            Optional.of(netns))).get(30, TimeUnit.SECONDS)).hasMessageContaining("named lo");
                }
            }
        }
        List<Lease> leases = ipam.leases().list(Optional.of(NETWORK));
        assertThat(leases.stream().filter(l -> l.owner().equals(holder)).map(Lease::uuid))
                .as("the lease held before the attach").containsExactly(held.uuid());
        assertThat(leases).as("the lease the failed attach took itself, given back")
                .noneMatch(l -> l.owner().equals(newcomer));
        ipam.leases().releaseOwner(NETWORK, holder);
    }

    private static String randomId() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    }

    private record Attached(String name, String id, String address) {}

    /** A container on host 2 that host 1's containers ping. */
    private static Attached peer(String name) {
        return attach(HOSTS.get().host(2), name);
    }

    /** Pings from both sides until they work again, then checks the container kept its address. */
    private static void awaitRecovery(Host h1, Attached a, Attached peer, String what) {
        long started = System.nanoTime();
        await().atMost(RECOVERED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> ping(h1, a.name, peer.address) && ping(HOSTS.get().host(2), peer.name, a.address));
        log.info("connectivity back after {} millis={}", what, (System.nanoTime() - started) / 1_000_000);
        assertThat(address(h1, a.name)).as("%s keeps its address", a.name).isEqualTo(a.address);
    }

    /** Exactly one lease per container, at the address it has. */
    private static void assertOneLeaseEach(Attached... containers) {
        List<Lease> leases = HOSTS.get().ipam().leases().list(Optional.of(NETWORK));
        for (Attached c : containers) {
            assertThat(leases.stream().filter(l -> l.owner().equals(c.id)).map(l -> l.address().toString()))
                    .as("the leases of %s", c.name).containsExactly(c.address);
        }
    }

    /** {@code docker run -d --label ovsnet.network=loss --network none busybox sleep 3600}, once it has its address. */
    private static Attached attach(Host host, String name) {
        String id = host.docker("run", "-d", "--name", name, "--network", "none", "--label",
                OvsnetLabels.NETWORK + "=" + NETWORK, host.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
        String[] found = new String[1];
        await().atMost(ATTACHED_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> (found[0] = address(host, name)) != null);
        return new Attached(name, id, found[0]);
    }

    /** The IPv4 address of the container's eth0, null when it has none. */
    private static String address(Host host, String container) {
        CommandResult r = host.docker("exec", container, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
        Matcher m = INET.matcher(r.stdout());
        return m.find() ? m.group(1) : null;
    }

    private static void awaitPing(Host host, Attached from, String address) {
        await().atMost(ATTACHED_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> ping(host, from.name, address));
    }

    private static boolean ping(Host host, String container, String address) {
        return host.docker("exec", container, "ping", "-c", "1", "-W", "1", address).succeeded();
    }

    /** The name of the container's port on the host's bridge, empty when it has none. */
    private static String portOf(Host host, String containerId) {
        return host.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Port",
                "external_ids:container_id=" + containerId).orThrow().stdout().strip();
    }

    private static String bridgeUuid(Host host) {
        return host.exec("ovs-vsctl", "get", "Bridge", BRIDGE, "_uuid").orThrow().stdout().strip();
    }

    private static List<String> tunnels(Host host) {
        return host.exec("ovs-vsctl", "--bare", "--columns=name", "find", "Port",
                "external_ids:ovsnet-peer=" + HOSTS.get().host(2).name()).orThrow().stdout().lines()
                .filter(line -> !line.isBlank()).toList();
    }
}
