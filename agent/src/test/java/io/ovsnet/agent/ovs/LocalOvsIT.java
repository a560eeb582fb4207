package io.ovsnet.agent.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.MeshDiff;
import io.ovsnet.agent.overlay.MeshInput;
import io.ovsnet.agent.overlay.MeshPlanner;
import io.ovsnet.agent.overlay.NetworkMembers;
import io.ovsnet.agent.overlay.OverlayNetwork;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Testbed;
import io.ovsnet.testbed.TestbedExtension;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ovs package against a real ovsdb-server and ovs-vswitchd (netdev) of one simulated host, checked with ovs-vsctl. */
class LocalOvsIT {
    @RegisterExtension
    static final TestbedExtension<Testbed> TESTBED = TestbedExtension.of(() -> Testbed.builder().hosts(1).start());

    private static OvsdbClient client;
    private static LocalSwitch sw;

    @BeforeAll
    static void connect() throws Exception {
        client = OvsdbClient.connect(ClientOptions.builder(host().ovsdbRemote()).build()).get(10, TimeUnit.SECONDS);
        sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void disconnect() {
        if (sw != null) {
            sw.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void ensuringTheBridgeTwiceMakesOneNetdevBridge() throws Exception {
        IntegrationBridge bridge = new IntegrationBridge(sw, uniqueName("brg"));
        bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);
        String uuid = vsctl("get", "bridge", bridge.name(), "_uuid");
        bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);

        assertThat(lines(vsctl("list-br"))).containsOnlyOnce(bridge.name());
        assertThat(vsctl("get", "bridge", bridge.name(), "datapath_type")).isEqualTo("netdev");
        assertThat(vsctl("get", "bridge", bridge.name(), "_uuid")).isEqualTo(uuid);
        // ovs-vswitchd applied it before ensure completed: the internal port has its OpenFlow port number.
        assertThat(Long.parseLong(vsctl("get", "interface", bridge.name(), "ofport"))).isPositive();
    }

    @Test
    void aContainerPortAddedTwiceIsOnePortAndRemovingTwiceIsNoError() throws Exception {
        IntegrationBridge bridge = new IntegrationBridge(sw, uniqueName("brg"));
        bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);
        ContainerPorts ports = new ContainerPorts(bridge);
        String name = uniqueName("ovs");
        host().exec("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p").orThrow();
        try {
            ContainerPort port = new ContainerPort(name, "c0ffee" + "0".repeat(58), "eth0", "blue", "ep-1",
                    "10.1.0.5/24", "02:00:00:00:00:05", 7);
            ports.add(port).get(20, TimeUnit.SECONDS);
            String uuid = vsctl("get", "port", name, "_uuid");
            ports.add(port).get(20, TimeUnit.SECONDS);

            assertThat(lines(vsctl("list-ports", bridge.name()))).containsExactly(name);
            assertThat(vsctl("get", "port", name, "_uuid")).isEqualTo(uuid);
            assertThat(vsctl("get", "port", name, "tag")).isEqualTo("7");
            assertThat(unquoted(vsctl("get", "interface", name, "external_ids:container_id"))).isEqualTo(port.containerId());
            assertThat(unquoted(vsctl("get", "interface", name, "external_ids:container_iface"))).isEqualTo("eth0");
            assertThat(unquoted(vsctl("get", "port", name, "external_ids:ovsnet-ip"))).isEqualTo("10.1.0.5/24");
            assertThat(unquoted(vsctl("get", "port", name, "external_ids:ovsnet-network"))).isEqualTo("blue");
            assertThat(Long.parseLong(vsctl("get", "interface", name, "ofport"))).isPositive();
            // ovs-docker finds the port of a container interface this way.
            assertThat(vsctl("--data=bare", "--no-heading", "--columns=name", "find", "interface",
                    "external_ids:container_id=" + port.containerId(), "external_ids:container_iface=eth0"))
                    .isEqualTo(name);
            BridgeSnapshot snapshot = bridge.snapshot().get(10, TimeUnit.SECONDS);
            assertThat(snapshot.containerPorts()).containsExactly(port);
            assertThat(PortIndex.of(snapshot.containerPorts()).ofContainer(port.containerId())).containsExactly(port);
            assertThat(snapshot.portUuid(name).map(Object::toString)).contains(uuid);
            // The attach path's lookup, from the monitored replica: current once add completed.
            assertThat(ports.ofContainer(port.containerId()).get(10, TimeUnit.SECONDS)).containsExactly(port);
            assertThat(ports.ofContainer("0".repeat(64)).get(10, TimeUnit.SECONDS)).isEmpty();

            ContainerPort moved = new ContainerPort(name, port.containerId(), "eth0", "red", "ep-1", "10.2.0.5/24",
                    port.mac(), 8);
            ports.add(moved).get(20, TimeUnit.SECONDS);
            assertThat(vsctl("get", "port", name, "tag")).isEqualTo("8");
            assertThat(vsctl("get", "port", name, "_uuid")).isEqualTo(uuid);
            assertThat(ports.ofContainer(port.containerId()).get(10, TimeUnit.SECONDS)).containsExactly(moved);
            assertThat(ports.onBridge()).containsExactlyElementsOf(bridge.snapshot().get(10, TimeUnit.SECONDS)
                    .containerPorts());
            assertThat(ports.ofEndpoint("ep-1")).contains(moved);
            assertThat(ports.ofEndpoint("ep-2")).isEmpty();

            // The first removal takes the port's UUID from the replica, the second finds nothing to do.
            ports.remove(name).get(20, TimeUnit.SECONDS);
            ports.remove(name).get(20, TimeUnit.SECONDS);
            assertThat(ports.onBridge()).isEmpty();
            assertThat(vsctl("list-ports", bridge.name())).isEmpty();
            assertThat(bridge.snapshot().get(10, TimeUnit.SECONDS).containerPorts()).isEmpty();
            assertThat(ports.ofContainer(port.containerId()).get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            host().exec("ip", "link", "del", name);
        }
    }

    @Test
    void anAppliedMeshDiffPlansEmptyAndFollowsMembershipChanges() throws Exception {
        IntegrationBridge bridge = new IntegrationBridge(sw, uniqueName("brg"));
        bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);
        TunnelMesh mesh = new TunnelMesh(bridge);
        MeshPlanner planner = new MeshPlanner("h1");
        OverlayNetwork blue = new OverlayNetwork("blue", 5001, Encapsulation.VXLAN);
        OverlayNetwork red = new OverlayNetwork("red", 5002, Encapsulation.GRE);
        Map<String, InetAddress> addresses = Map.of("h1", InetAddress.getByName("192.0.2.11"),
                "h2", InetAddress.getByName("192.0.2.12"), "h3", InetAddress.getByName("192.0.2.13"));
        List<NetworkMembers> members = List.of(new NetworkMembers(blue, Set.of("h1", "h2", "h3")),
                new NetworkMembers(red, Set.of("h1", "h3")));

        BridgeSnapshot before = bridge.snapshot().get(10, TimeUnit.SECONDS);
        LocalVlans vlans = before.vlans().assign(List.of("blue", "red"));
        MeshDiff diff = planner.plan(members, addresses, vlans, before.tunnelPorts(), before.namesInUse());
        assertThat(diff.add()).hasSize(3);
        mesh.apply(before, diff, vlans).get(20, TimeUnit.SECONDS);

        BridgeSnapshot after = bridge.snapshot().get(10, TimeUnit.SECONDS);
        assertThat(after.vlans()).isEqualTo(vlans);
        assertThat(planner.plan(members, addresses, after.vlans(), after.tunnelPorts(), after.namesInUse()).isEmpty()).isTrue();
        assertThat(lines(vsctl("list-ports", bridge.name()))).containsExactlyInAnyOrderElementsOf(
                diff.add().stream().map(TunnelPort::name).toList());
        TunnelPort redH3 = diff.add().stream().filter(p -> p.network().equals("red")).findFirst().orElseThrow();
        assertThat(vsctl("get", "interface", redH3.name(), "type")).isEqualTo("gre");
        assertThat(vsctl("get", "interface", redH3.name(), "options:remote_ip")).isEqualTo("\"192.0.2.13\"");
        assertThat(vsctl("get", "interface", redH3.name(), "options:key")).isEqualTo("\"5002\"");
        assertThat(vsctl("get", "port", redH3.name(), "protected")).isEqualTo("true");
        assertThat(vsctl("get", "port", redH3.name(), "tag")).isEqualTo(Integer.toString(vlans.of("red").orElseThrow()));
        assertThat(vsctl("get", "bridge", bridge.name(), "external_ids:ovsnet-vlan-red"))
                .isEqualTo("\"" + vlans.of("red").orElseThrow() + "\"");
        assertThat(Long.parseLong(vsctl("get", "interface", redH3.name(), "ofport"))).isPositive();
        String blueUuid = vsctl("get", "port", diff.add().get(0).name(), "_uuid");

        // h3 leaves red, red has no peers left; this host keeps red's VLAN while it has endpoints there.
        List<NetworkMembers> h3LeftRed = List.of(new NetworkMembers(blue, Set.of("h1", "h2", "h3")),
                new NetworkMembers(red, Set.of("h1")));
        MeshDiff shrink = planner.plan(h3LeftRed, addresses, after.vlans(), after.tunnelPorts(), after.namesInUse());
        assertThat(shrink.remove()).extracting(TunnelPort::name).containsExactly(redH3.name());
        mesh.apply(after, shrink, after.vlans()).get(20, TimeUnit.SECONDS);

        BridgeSnapshot last = bridge.snapshot().get(10, TimeUnit.SECONDS);
        assertThat(lines(vsctl("list-ports", bridge.name()))).doesNotContain(redH3.name()).hasSize(2);
        assertThat(vsctl("get", "port", diff.add().get(0).name(), "_uuid")).isEqualTo(blueUuid);
        assertThat(planner.plan(h3LeftRed, addresses, last.vlans(), last.tunnelPorts(), last.namesInUse()).isEmpty()).isTrue();

        // Forgetting red frees its VLAN in the bridge's record, other external_ids stay.
        vsctl("set", "bridge", bridge.name(), "external_ids:owner=test");
        LocalVlans blueOnly = last.vlans().assign(List.of("blue"));
        mesh.apply(last, new MeshDiff(List.of(), List.of(), List.of()), blueOnly).get(20, TimeUnit.SECONDS);
        assertThat(bridge.snapshot().get(10, TimeUnit.SECONDS).vlans()).isEqualTo(blueOnly);
        assertThat(vsctl("get", "bridge", bridge.name(), "external_ids:owner")).isEqualTo("test");
    }

    @Test
    void theReconcilerFollowsTheStoreAndCoalescesRequests() throws Exception {
        IntegrationBridge bridge = new IntegrationBridge(sw, uniqueName("brg"));
        bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);
        OverlayNetwork blue = new OverlayNetwork("blue", 5001, Encapsulation.VXLAN);
        OverlayNetwork gone = new OverlayNetwork("gone", 5003, Encapsulation.GRE);
        Map<String, InetAddress> addresses = Map.of("h1", InetAddress.getByName("192.0.2.11"),
                "h2", InetAddress.getByName("192.0.2.12"), "h3", InetAddress.getByName("192.0.2.13"));
        AtomicReference<MeshInput> store = new AtomicReference<>(new MeshInput(List.of(
                new NetworkMembers(blue, Set.of("h1", "h2", "h3")), new NetworkMembers(gone, Set.of("h1"))), addresses));
        AtomicInteger reads = new AtomicInteger();
        MeshReconciler reconciler = new MeshReconciler(bridge, "h1", () -> {
            reads.incrementAndGet();
            return store.get();
        });

        reconciler.request().get(20, TimeUnit.SECONDS);
        assertThat(lines(vsctl("list-ports", bridge.name()))).hasSize(2);
        int goneVlan = reconciler.vlans().of("gone").orElseThrow();
        assertThat(bridge.snapshot().get(10, TimeUnit.SECONDS).vlans()).isEqualTo(reconciler.vlans());

        // A burst of requests is served by at most two passes; the last one sees the newest store.
        store.set(new MeshInput(List.of(new NetworkMembers(blue, Set.of("h1", "h2"))), addresses));
        int before = reads.get();
        List<CompletableFuture<Void>> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(reconciler.request());
        }
        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(reads.get() - before).isBetween(1, 2);
        List<TunnelPort> tunnels = bridge.snapshot().get(10, TimeUnit.SECONDS).tunnelPorts();
        assertThat(tunnels).extracting(TunnelPort::peer).containsExactly("h2");

        // "gone" left the store, but while a container port carries its VLAN the id stays reserved.
        assertThat(reconciler.vlans().of("gone")).isEmpty();
        ContainerPorts ports = new ContainerPorts(bridge);
        String name = uniqueName("ovs");
        store.set(new MeshInput(List.of(new NetworkMembers(blue, Set.of("h1", "h2")),
                new NetworkMembers(gone, Set.of("h1"))), addresses));
        reconciler.request().get(20, TimeUnit.SECONDS);
        goneVlan = reconciler.vlans().of("gone").orElseThrow();
        ports.add(new ContainerPort(name, "ab".repeat(32), "eth0", "gone", "ep-g", "10.3.0.2/24",
                "02:00:00:00:03:02", goneVlan)).get(20, TimeUnit.SECONDS);
        store.set(new MeshInput(List.of(new NetworkMembers(blue, Set.of("h1", "h2"))), addresses));
        reconciler.request().get(20, TimeUnit.SECONDS);
        assertThat(reconciler.vlans().of("gone")).contains(goneVlan);
        ports.remove(name).get(20, TimeUnit.SECONDS);
        reconciler.request().get(20, TimeUnit.SECONDS);
        assertThat(reconciler.vlans().of("gone")).isEmpty();
        assertThat(bridge.snapshot().get(10, TimeUnit.SECONDS).vlans().byNetwork()).containsOnlyKeys("blue");
    }

    private static Host host() {
        return TESTBED.get().host(1);
    }

    private static String vsctl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ovs-vsctl";
        System.arraycopy(args, 0, command, 1, args.length);
        return host().exec(command).orThrow().stdout().strip();
    }

    /** An ovs-vsctl string value without the quotes it adds to strings that need them. */
    private static String unquoted(String value) {
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    private static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
