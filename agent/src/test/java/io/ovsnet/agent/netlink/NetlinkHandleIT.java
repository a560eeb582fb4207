package io.ovsnet.agent.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@link NetlinkHandle} operation in a fresh namespace per test, checked against
 * {@code ip -j}, {@code ethtool -k} and {@code ping}. Needs root.
 */
class NetlinkHandleIT {
    private IpTool ip;
    private String ns;
    private NetlinkHandle handle;

    @BeforeAll
    static void requireRoot() throws Exception {
        IpTool.requireRootAndTools();
    }

    @BeforeEach
    void openHandle() {
        ip = new IpTool();
        ns = ip.addNamespace("a");
        handle = NetlinkHandle.open(Namespace.named(ns));
    }

    @AfterEach
    void closeHandle() {
        try {
            if (handle != null) {
                handle.close();
            }
        } finally {
            ip.close();
        }
    }

    @Test
    void listsLinksAsIpShowsThem() {
        handle.createVeth(Veth.of("h0", "c0").withMtu(1400));
        handle.setUp("h0");

        Map<String, Link> links = handle.links().stream()
                .collect(Collectors.toMap(Link::name, link -> link));
        JsonNode shown = ip.ipJson(ns, "-d", "link", "show");
        assertThat(links.keySet()).containsExactlyInAnyOrder("lo", "h0", "c0");
        assertThat(shown).hasSize(3);
        for (JsonNode expected : shown) {
            Link link = links.get(expected.get("ifname").asText());
            assertThat(link.index()).isEqualTo(expected.get("ifindex").asInt());
            assertThat(link.mtu()).isEqualTo(expected.get("mtu").asInt());
            assertThat(link.mac().map(MacAddress::toString))
                    .contains(expected.get("address").asText());
            assertThat(link.isUp()).isEqualTo(flags(expected).contains("UP"));
            assertThat(link.kind())
                    .isEqualTo(Optional.ofNullable(expected.path("linkinfo").get("info_kind"))
                            .map(JsonNode::asText));
        }
        assertThat(links.get("h0").peerIndex()).hasValue(links.get("c0").index());
        assertThat(links.get("c0").peerIndex()).hasValue(links.get("h0").index());
        assertThat(links.get("lo").peerIndex()).isEmpty();
        Link h0 = handle.link("h0").orElseThrow();
        assertThat(List.of(h0.index(), h0.mtu(), h0.mac(), h0.peerIndex()))
                .as("link(h0) agrees with the dump (flags may change meanwhile)")
                .isEqualTo(List.of(links.get("h0").index(), links.get("h0").mtu(),
                        links.get("h0").mac(), links.get("h0").peerIndex()));
        assertThat(handle.link("missing0")).isEmpty();
    }

    @Test
    void setsMtuMacAndState() {
        handle.createVeth(Veth.of("h0", "c0"));
        MacAddress mac = MacAddress.parse("02:00:5e:10:00:01");

        handle.setMtu("h0", 1450);
        handle.setMac("h0", mac);
        handle.setUp("h0");
        handle.setUp("h0");
        handle.setUp("c0");

        JsonNode h0 = ip.link(ns, "h0");
        assertThat(h0.get("mtu").asInt()).isEqualTo(1450);
        assertThat(h0.get("address").asText()).isEqualTo("02:00:5e:10:00:01");
        assertThat(flags(h0)).contains("UP", "LOWER_UP");
        assertThat(handle.link("h0").orElseThrow().hasCarrier()).isTrue();

        handle.setDown("h0");
        assertThat(flags(ip.link(ns, "h0"))).doesNotContain("UP");
        assertThat(handle.link("h0").orElseThrow().isUp()).isFalse();
    }

    @Test
    void turnsIpv6OnForALinkInsideItsNamespace() {
        handle.createVeth(Veth.of("h0", "c0"));
        ip.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.c0.disable_ipv6=1");
        assertThat(ip.run("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/c0/disable_ipv6").strip())
                .isEqualTo("1");

        handle.enableIpv6("c0");
        handle.enableIpv6("c0");

        assertThat(ip.run("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/c0/disable_ipv6").strip())
                .as("turned on in the handle's namespace, idempotently").isEqualTo("0");
        assertThatThrownBy(() -> handle.enableIpv6("nosuch0")).isInstanceOf(LinkNotFoundException.class)
                .hasMessageContaining("turn IPv6 on for link nosuch0");
    }

    @Test
    void renamesAndDeletesLinks() {
        handle.createVeth(Veth.of("h0", "c0"));

        handle.renameLink("c0", "eth7");
        assertThat(ip.linkNames(ns)).contains("h0", "eth7").doesNotContain("c0");

        assertThat(handle.deleteLink("h0")).isTrue();
        assertThat(ip.linkNames(ns)).containsExactly("lo");
        assertThat(handle.deleteLink("h0")).as("deleting a missing link").isFalse();
    }

    @Test
    void createsThePeerDirectlyInAnotherNamespace() {
        String other = ip.addNamespace("b");
        handle.createVeth(Veth.of("h0", "c0").withPeerIn(Namespace.named(other)).withMtu(1450));

        assertThat(ip.linkNames(ns)).containsExactlyInAnyOrder("lo", "h0");
        JsonNode c0 = ip.link(other, "c0");
        assertThat(c0.get("mtu").asInt()).isEqualTo(1450);
        assertThat(handle.link("h0").orElseThrow().peerIndex()).hasValue(c0.get("ifindex").asInt());
    }

    @Test
    void createsAVethWithMacsMtuAndUpStateInTheCreatingRequest() {
        String other = ip.addNamespace("b");
        MacAddress mac = MacAddress.parse("02:00:5e:10:00:0a");
        MacAddress peerMac = MacAddress.parse("02:00:5e:10:00:0b");

        handle.createVeth(Veth.of("h0", "c0").withPeerIn(Namespace.named(other)).withMtu(1450)
                .withMac(mac).withPeerMac(peerMac).withUp());

        JsonNode h0 = ip.link(ns, "h0");
        JsonNode c0 = ip.link(other, "c0");
        assertThat(h0.get("address").asText()).isEqualTo("02:00:5e:10:00:0a");
        assertThat(c0.get("address").asText()).isEqualTo("02:00:5e:10:00:0b");
        assertThat(List.of(h0.get("mtu").asInt(), c0.get("mtu").asInt())).containsOnly(1450);
        assertThat(flags(h0)).as("h0 created up").contains("UP").doesNotContain("LOWER_UP");
        assertThat(flags(c0)).as("the peer is always created down").doesNotContain("UP");
        assertThat(h0.get("link_index").asInt()).isEqualTo(c0.get("ifindex").asInt());
    }

    @Test
    void createsAVethDownWithRandomMacsByDefault() {
        handle.createVeth(Veth.of("h0", "c0"));
        handle.createVeth(new Veth("h1", "c1", Optional.empty(), OptionalInt.of(1400)));

        for (String name : List.of("h0", "c0", "h1", "c1")) {
            JsonNode link = ip.link(ns, name);
            assertThat(flags(link)).as(name).doesNotContain("UP");
            assertThat(MacAddress.parse(link.get("address").asText()).value()).as(name)
                    .isNotZero();
        }
        assertThat(ip.link(ns, "c1").get("mtu").asInt()).isEqualTo(1400);
    }

    @Test
    void refusesAMulticastMacAsAnInvalidArgument() {
        assertThatThrownBy(() -> handle.createVeth(Veth.of("h0", "c0")
                .withPeerMac(MacAddress.parse("01:00:5e:00:00:01"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("create veth h0")
                .hasMessageContaining("EADDRNOTAVAIL");
        assertThat(ip.linkNames(ns)).containsExactly("lo");
        handle.createVeth(Veth.of("h0", "c0"));
        assertThatThrownBy(() -> handle.setMac("h0", MacAddress.parse("01:00:5e:00:00:01")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("set mac");
        assertThatThrownBy(() -> handle.setMac("missing0", MacAddress.parse("02:00:5e:00:00:01")))
                .isInstanceOf(LinkNotFoundException.class);
    }

    @Test
    void vethWithPeerMovedToAnotherNamespacePassesPing() throws Exception {
        String other = ip.addNamespace("b");
        handle.createVeth(Veth.of("h0", "c0"));
        handle.moveLink("c0", Namespace.named(other));
        handle.addAddress("h0", Address.parse("198.51.100.1/24"));
        handle.setUp("h0");
        try (NetlinkHandle inOther = NetlinkHandle.open(Namespace.named(other))) {
            inOther.addAddress("c0", Address.parse("198.51.100.2/24"));
            inOther.setUp("c0");
            inOther.setUp("lo");
        }

        assertThat(ip.linkNames(ns)).doesNotContain("c0");
        assertThat(ip.linkNames(other)).contains("c0");
        assertThat(ip.ping(ns, "198.51.100.2")).as("ping 198.51.100.2 from " + ns).isTrue();
        assertThat(ip.ping(other, "198.51.100.1")).as("ping 198.51.100.1 from " + other).isTrue();
    }

    @Test
    void movesIntoTheNamespaceOfAProcessAndRenames() throws Exception {
        String other = ip.addNamespace("b");
        Process sleeper = new ProcessBuilder("ip", "netns", "exec", other, "sleep", "60").start();
        try {
            waitUntilInNamespace(sleeper.pid(), other);
            handle.createVeth(Veth.of("h0", "c0"));

            handle.moveLink("c0", Namespace.ofPid(sleeper.pid()), "eth0");

            assertThat(ip.linkNames(other)).containsExactlyInAnyOrder("lo", "eth0");
            assertThat(ip.linkNames(ns)).containsExactlyInAnyOrder("lo", "h0");
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void movesIntoANamespaceNamedByABindMountLikeDockersSandboxKey(@TempDir Path dir) {
        String other = ip.addNamespace("b");
        Path sandboxKey = dir.resolve("0123456789ab");
        ip.run("touch", sandboxKey.toString());
        ip.run("mount", "--bind", Namespace.named(other).path().toString(), sandboxKey.toString());
        try {
            handle.createVeth(Veth.of("h0", "c0"));

            handle.moveLink("c0", Namespace.of(sandboxKey));

            assertThat(ip.linkNames(other)).containsExactlyInAnyOrder("lo", "c0");
        } finally {
            ip.run("umount", sandboxKey.toString());
        }
    }

    @Test
    void addsAndDeletesAddresses() {
        handle.createVeth(Veth.of("h0", "c0"));
        Address v4 = Address.parse("198.51.100.7/24");
        Address v6 = Address.parse("2001:db8:7::7/64");

        handle.addAddress("h0", v4);
        handle.addAddress("h0", v4);
        handle.addAddress("h0", v6);

        assertThat(ipAddresses("h0")).containsExactlyInAnyOrder(v4, v6);
        assertThat(handle.addresses("h0")).containsExactlyInAnyOrder(v4, v6);

        assertThat(handle.deleteAddress("h0", v4)).isTrue();
        assertThat(handle.deleteAddress("h0", v4)).as("deleting a missing address").isFalse();
        assertThat(handle.deleteAddress("missing0", v4)).as("deleting on a missing link").isFalse();
        assertThat(handle.deleteAddress("h0", v6)).isTrue();
        assertThat(ipAddresses("h0")).isEmpty();
        assertThat(handle.addresses("h0")).isEmpty();
    }

    @Test
    void addsAndDeletesRoutes() throws Exception {
        handle.createVeth(Veth.of("h0", "c0"));
        handle.setUp("h0");
        handle.setUp("c0");
        handle.addAddress("h0", Address.parse("198.51.100.1/24"));
        handle.addAddress("h0", Address.parse("2001:db8:1::1/64"));
        Route defaultRoute = Route.defaultVia(InetAddress.getByName("198.51.100.254"));
        Route defaultV6 = Route.defaultVia(InetAddress.getByName("2001:db8:1::fe"), "h0");
        Route connected = Route.connected(Address.parse("192.0.2.0/24"), "c0");

        handle.addRoute(defaultRoute);
        handle.addRoute(defaultRoute);
        handle.addRoute(defaultV6);
        handle.addRoute(connected);

        JsonNode v4 = ip.ipJson(ns, "route", "show");
        assertThat(find(v4, "default").get("gateway").asText()).isEqualTo("198.51.100.254");
        assertThat(find(v4, "default").get("dev").asText()).isEqualTo("h0");
        assertThat(find(v4, "192.0.2.0/24").get("dev").asText()).isEqualTo("c0");
        assertThat(find(v4, "192.0.2.0/24").get("scope").asText()).isEqualTo("link");
        JsonNode v6 = ip.ipJson(ns, "-6", "route", "show");
        assertThat(find(v6, "default").get("gateway").asText()).isEqualTo("2001:db8:1::fe");
        List<Route> routes = handle.routes();
        assertThat(routes).contains(defaultRoute.withDevice("h0"), defaultV6, connected,
                Route.connected(Address.parse("198.51.100.0/24"), "h0"));

        assertThat(handle.deleteRoute(defaultRoute)).isTrue();
        assertThat(handle.deleteRoute(defaultRoute)).as("deleting a missing route").isFalse();
        assertThat(handle.deleteRoute(connected)).isTrue();
        assertThat(handle.deleteRoute(defaultV6)).isTrue();
        assertThat(handle.deleteRoute(Route.connected(Address.parse("192.0.2.0/24"), "missing0")))
                .as("deleting a route on a missing link").isFalse();
        v4 = ip.ipJson(ns, "route", "show");
        assertThat(v4).extracting(route -> route.get("dst").asText())
                .containsExactly("198.51.100.0/24");
        assertThat(ip.ipJson(ns, "-6", "route", "show"))
                .extracting(route -> route.get("dst").asText()).doesNotContain("default");
    }

    @Test
    void turnsTxChecksumOffloadOff() {
        handle.createVeth(Veth.of("h0", "c0"));
        assertThat(ip.ethtoolFeature(ns, "h0", "tx-checksumming")).isEqualTo("on");

        handle.disableTxChecksum("h0");
        handle.disableTxChecksum("h0");

        assertThat(ip.ethtoolFeature(ns, "h0", "tx-checksumming")).isEqualTo("off");
        assertThat(ip.ethtoolFeature(ns, "c0", "tx-checksumming")).isEqualTo("on");
    }

    @Test
    void namesTheErrors() {
        handle.createVeth(Veth.of("h0", "c0"));
        Namespace missing = Namespace.named(ns + "-missing");

        assertThatThrownBy(() -> handle.createVeth(Veth.of("h0", "c1")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("create veth h0").hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> handle.setMtu("missing0", 1400))
                .isInstanceOf(LinkNotFoundException.class).hasMessageContaining("ENODEV");
        assertThatThrownBy(() -> handle.renameLink("missing0", "x0"))
                .isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> handle.addAddress("missing0", Address.parse("192.0.2.1/24")))
                .isInstanceOf(LinkNotFoundException.class).hasMessageContaining("missing0");
        assertThatThrownBy(() -> handle.addAddress("name-of-16-byte", Address.parse("192.0.2.1/24")))
                .as("a name longer than any link's").isInstanceOf(LinkNotFoundException.class);
        assertThat(handle.deleteAddress("name-of-16-byte", Address.parse("192.0.2.1/24")))
                .isFalse();
        assertThatThrownBy(() -> handle.addresses("missing0"))
                .isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> handle.moveLink("missing0", Namespace.named(ns)))
                .isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> handle.addRoute(Route.connected(Address.parse("192.0.2.0/24"),
                "missing0"))).isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> handle.disableTxChecksum("missing0"))
                .isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> handle.setMtu("h0", 100_000))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> handle.setMtu("h0", 10))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> NetlinkHandle.open(missing))
                .isInstanceOf(NamespaceNotFoundException.class)
                .hasMessageContaining(missing.path().toString());
        assertThatThrownBy(() -> handle.moveLink("c0", missing))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> handle.createVeth(Veth.of("h1", "c1").withPeerIn(missing)))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> handle.moveLink("c0", Namespace.ofPid(Integer.MAX_VALUE)))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThat(ip.link(ns, "h0").get("mtu").asInt()).as("failed calls changed nothing")
                .isEqualTo(1500);
        assertThat(ip.linkNames(ns)).containsExactlyInAnyOrder("lo", "h0", "c0");
    }

    @Test
    void servesCallersOnManyThreadsWithoutMovingThem() throws Exception {
        Path callerNamespace = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                calls.add(callers.submit(() -> {
                    handle.createVeth(Veth.of("h" + n, "c" + n));
                    handle.setMtu("h" + n, 1400 + n);
                    handle.setUp("h" + n);
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        for (int i = 0; i < 16; i++) {
            assertThat(ip.link(ns, "h" + i).get("mtu").asInt()).isEqualTo(1400 + i);
        }
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")))
                .isEqualTo(callerNamespace);
        assertThat(threadNamespaces()).as("every thread of the process, the namespace thread"
                + " included, is back in the process's namespace").containsOnly(callerNamespace);
        assertThat(ip.linkNames(ns)).hasSize(33);
    }

    @Test
    void opensHandlesInManyNamespacesAtOnceEachSeeingItsOwn() throws Exception {
        Path processNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        List<String> namespaces = List.of(ns, ip.addNamespace("b"), ip.addNamespace("c"));
        for (int n = 0; n < namespaces.size(); n++) {
            handle.createVeth(Veth.of("own" + n, "peer" + n)
                    .withPeerIn(Namespace.named(namespaces.get(n))));
        }
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> seen = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String namespace = namespaces.get(i % namespaces.size());
                seen.add(callers.submit(() -> {
                    try (NetlinkHandle opened = NetlinkHandle.open(Namespace.named(namespace))) {
                        return opened.links().stream().map(Link::name).sorted().toList();
                    }
                }));
            }
            for (int i = 0; i < seen.size(); i++) {
                int n = i % namespaces.size();
                assertThat(seen.get(i).get(30, TimeUnit.SECONDS))
                        .as("links seen by a handle on " + namespaces.get(n))
                        .isEqualTo(ip.linkNames(namespaces.get(n)).stream().sorted().toList())
                        .contains("peer" + n);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(threadNamespaces()).containsOnly(processNamespace);
    }

    @Test
    void theNamespaceThreadOpensSocketsThereAndReturnsHome() throws Exception {
        Path processNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        handle.createVeth(Veth.of("h0", "c0"));
        Libc.Calls libc = Libc.load();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> indexes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                indexes.add(callers.submit(() -> {
                    try (NetlinkSocket socket =
                            NamespaceThread.openSocket(libc, Namespace.named(ns))) {
                        return socket.index("c0", "look up c0").orElse(-1);
                    }
                }));
            }
            for (Future<Integer> index : indexes) {
                assertThat(index.get(30, TimeUnit.SECONDS)).as("index of c0 seen by the socket")
                        .isEqualTo(ip.link(ns, "c0").get("ifindex").asInt());
            }
        } finally {
            callers.shutdownNow();
        }
        Namespace missing = Namespace.named(ns + "-missing");
        assertThatThrownBy(() -> NamespaceThread.openSocket(libc, missing))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThat(threadNamespaces()).containsOnly(processNamespace);
    }

    @Test
    void aFailedOpenLeavesNoThreadInAnotherNamespace() throws Exception {
        Path processNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path notANamespace = Files.createTempFile("ovsnet-not-a-namespace", "");
        try {
            assertThatThrownBy(() -> NetlinkHandle.open(Namespace.of(notANamespace)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("enter network namespace " + notANamespace);
        } finally {
            Files.delete(notANamespace);
        }
        try (NetlinkHandle again = NetlinkHandle.open(Namespace.named(ns))) {
            assertThat(again.link("lo")).isPresent();
        }
        assertThat(threadNamespaces()).containsOnly(processNamespace);
    }

    @Test
    void refusesCallsAfterClose() {
        handle.close();
        handle.close();

        assertThatThrownBy(() -> handle.links()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** The network namespace of every thread of this process, as /proc shows it. */
    private static List<Path> threadNamespaces() throws Exception {
        List<Path> namespaces = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    namespaces.add(Files.readSymbolicLink(task.resolve("ns/net")));
                } catch (NoSuchFileException ended) {
                    // the thread ended while we listed
                }
            }
        }
        return namespaces;
    }

    private List<Address> ipAddresses(String link) {
        List<Address> addresses = new ArrayList<>();
        for (JsonNode info : ip.ipJson(ns, "addr", "show", "dev", link).get(0).get("addr_info")) {
            if (!info.get("scope").asText().equals("link")) {
                addresses.add(Address.parse(info.get("local").asText() + "/"
                        + info.get("prefixlen").asInt()));
            }
        }
        return addresses;
    }

    private static List<String> flags(JsonNode link) {
        List<String> flags = new ArrayList<>();
        link.get("flags").forEach(flag -> flags.add(flag.asText()));
        return flags;
    }

    private static JsonNode find(JsonNode routes, String destination) {
        for (JsonNode route : routes) {
            if (route.get("dst").asText().equals(destination)) {
                return route;
            }
        }
        throw new AssertionError("no route to " + destination + " in " + routes);
    }

    /** Waits until process {@code pid} runs in {@code namespace} (same nsfs inode). */
    private static void waitUntilInNamespace(long pid, String namespace) throws Exception {
        Object expected = Files.getAttribute(Namespace.named(namespace).path(), "unix:ino");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!expected.equals(Files.getAttribute(Namespace.ofPid(pid).path(), "unix:ino"))) {
            assertThat(System.nanoTime()).as("process %d did not enter %s", pid, namespace)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
