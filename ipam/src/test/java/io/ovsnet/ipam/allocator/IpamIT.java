package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.IpamException.Reason;
import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Store;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The allocator's rules against a real standalone ovsdb-server holding the OVSNet schema. */
class IpamIT {
    static final Path SCHEMA = Path.of("src/main/resources/io/ovsnet/ipam/OVSNet.ovsschema");
    private static Store store;
    private static Ipam ipam;

    @BeforeAll
    static void start() {
        store = Store.standalone(SCHEMA);
        ipam = Ipam.connect(ClientOptions.builder(store.remote()).build());
    }

    @AfterAll
    static void stop() {
        if (ipam != null) {
            ipam.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static NetworkSpec spec(String name, String... subnets) {
        return new NetworkSpec(name, Arrays.stream(subnets).map(Cidr::parse).toList(), List.of(), List.of(),
                Encap.VXLAN, OptionalLong.empty(), 0, Map.of());
    }

    @Test
    void exhaustingASlash29NamesTheNetwork() {
        ipam.networks().create(spec("tiny", "10.29.0.0/29"));
        Set<IpAddress> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            got.add(ipam.leases().allocate("tiny", IpFamily.IPV4, "c" + i, LeaseKind.ENDPOINT, Optional.of("h1")).address());
        }
        // 6 usable addresses, one of them the gateway 10.29.0.1.
        assertThat(got).hasSize(5).doesNotContain(IpAddress.parse("10.29.0.0"), IpAddress.parse("10.29.0.1"),
                IpAddress.parse("10.29.0.7"));
        assertThatThrownBy(() -> ipam.leases().allocate("tiny", IpFamily.IPV4, "c9", LeaseKind.ENDPOINT, Optional.empty()))
                .isInstanceOf(IpamException.class)
                .hasMessage("no free address in network tiny (10.29.0.0/29)");
        // Released addresses come back.
        assertThat(ipam.leases().release("tiny", got.iterator().next())).isTrue();
        assertThat(ipam.leases().release("tiny", got.iterator().next())).isFalse();
        assertThat(ipam.leases().allocate("tiny", IpFamily.IPV4, "c9", LeaseKind.ENDPOINT, Optional.empty()).address())
                .isEqualTo(got.iterator().next());
    }

    @Test
    void agentsWithReplicasOfTheirOwnHostSeeEachOthersAddressesAndReleases() {
        ipam.networks().create(spec("shared", "10.28.0.0/29"));
        ClientOptions options = ClientOptions.builder(store.remote()).build();
        try (Ipam a = Ipam.connectAs("ha", options); Ipam b = Ipam.connectAs("hb", options)) {
            List<IpAddress> ofA = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ofA.add(a.leases().allocate("shared", IpFamily.IPV4, "a" + i, LeaseKind.ENDPOINT, Optional.of("ha"))
                        .address());
            }
            List<IpAddress> ofB = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ofB.add(b.leases().allocate("shared", IpFamily.IPV4, "b" + i, LeaseKind.ENDPOINT, Optional.of("hb"))
                        .address());
            }
            assertThat(new HashSet<>(ofA)).hasSize(3).doesNotContainAnyElementsOf(ofB);
            assertThatThrownBy(() -> a.leases().allocate("shared", IpFamily.IPV4, "a9", LeaseKind.ENDPOINT,
                    Optional.of("ha"))).hasMessage("no free address in network shared (10.28.0.0/29)");

            // B's replica never saw A's release; it reads the pool again before calling it full.
            assertThat(a.leases().release("shared", ofA.get(1))).isTrue();
            assertThat(b.leases().allocate("shared", IpFamily.IPV4, "b2", LeaseKind.ENDPOINT, Optional.of("hb"))
                    .address()).isEqualTo(ofA.get(1));
            // A remembers its own claims: re-asking for one gives the same lease...
            assertThat(a.leases().allocate("shared", IpFamily.IPV4, "a0", LeaseKind.ENDPOINT, Optional.of("ha"))
                    .address()).isEqualTo(ofA.get(0));
            // ...but only while the store still has it: released by an operator, it is claimed anew.
            assertThat(ipam.leases().release("shared", ofA.get(0))).isTrue();
            IpAddress again = a.leases().allocate("shared", IpFamily.IPV4, "a0", LeaseKind.ENDPOINT, Optional.of("ha"))
                    .address();
            assertThat(ipam.leases().list(Optional.of("shared"))).filteredOn(l -> l.owner().equals("a0"))
                    .extracting(Lease::address).containsExactly(again);
        }
    }

    @Test
    void allocationIsIdempotentPerOwnerAndCarriesTheDerivedMac() {
        ipam.networks().create(spec("idem", "10.30.0.0/24"));
        Lease a = ipam.leases().allocate("idem", IpFamily.IPV4, "ctr-1", LeaseKind.ENDPOINT, Optional.of("h1"));
        Lease b = ipam.leases().allocate("idem", IpFamily.IPV4, "ctr-1", LeaseKind.ENDPOINT, Optional.of("h1"));
        assertThat(b.address()).isEqualTo(a.address());
        assertThat(a.mac()).isEqualTo(MacAddress.derivedFrom(a.address()));
        assertThat(ipam.leases().list(Optional.of("idem"))).extracting(Lease::owner).containsOnly("gateway", "ctr-1");
    }

    @Test
    void aTakenStaticAddressNamesItsOwner() {
        ipam.networks().create(spec("static", "10.31.0.0/24"));
        IpAddress wanted = IpAddress.parse("10.31.0.50");
        Lease first = ipam.leases().reserve("static", wanted, "web-1", LeaseKind.ENDPOINT, Optional.of("h1"));
        assertThat(first.address()).isEqualTo(wanted);
        assertThat(ipam.leases().reserve("static", wanted, "web-1", LeaseKind.ENDPOINT, Optional.of("h1")).uuid())
                .isEqualTo(first.uuid());
        // A second connection (its own replica) gets the answer from the store's unique index.
        try (Ipam other = Ipam.connect(ClientOptions.builder(store.remote()).build())) {
            assertThatThrownBy(() -> other.leases().reserve("static", wanted, "web-2", LeaseKind.ENDPOINT, Optional.empty()))
                    .isInstanceOf(IpamException.class)
                    .hasMessage("10.31.0.50 in network static is taken by web-1 (endpoint)")
                    .extracting(e -> ((IpamException) e).reason()).isEqualTo(Reason.ADDRESS_TAKEN);
        }
        assertThatThrownBy(() -> ipam.leases().reserve("static", IpAddress.parse("10.31.0.1"), "x", LeaseKind.RESERVED,
                Optional.empty())).hasMessage("10.31.0.1 in network static is taken by gateway (gateway)");
        assertThatThrownBy(() -> ipam.leases().reserve("static", IpAddress.parse("10.32.0.1"), "x", LeaseKind.RESERVED,
                Optional.empty())).hasMessage("address 10.32.0.1 is outside the subnet 10.31.0.0/24 (network static)");
        assertThatThrownBy(() -> ipam.leases().reserve("static", IpAddress.parse("10.31.0.255"), "x", LeaseKind.RESERVED,
                Optional.empty())).hasMessageContaining("broadcast address");
        assertThatThrownBy(() -> ipam.leases().release("static", IpAddress.parse("10.31.0.1")))
                .hasMessageContaining("is the gateway of network static");
    }

    @Test
    void overlappingSubnetsAreRefusedEvenWhenCreatedConcurrently() throws Exception {
        ipam.networks().create(spec("wide", "10.40.0.0/16"));
        assertThatThrownBy(() -> ipam.networks().create(spec("inner", "10.40.7.0/24")))
                .hasMessage("subnet 10.40.7.0/24 overlaps network wide (10.40.0.0/16)");
        assertThatThrownBy(() -> ipam.networks().create(spec("wide", "10.41.0.0/16")))
                .hasMessage("network wide already exists");
        // Six clients on their own connections race to create pairwise overlapping networks: exactly one wins.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Ipam> clients = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(6);
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(Ipam.connect(ClientOptions.builder(store.remote()).build()));
            }
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Ipam client = clients.get(i);
                String name = "race" + i;
                // Every pair overlaps: all contain 10.50.0.0.
                String subnet = "10.50.0.0/" + (16 + i);
                Callable<String> create = () -> {
                    start.await();
                    try {
                        client.networks().create(spec(name, subnet));
                        return "created";
                    } catch (IpamException e) {
                        return e.reason().name();
                    }
                };
                results.add(pool.submit(create));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.equals("created")).containsOnly("CONFLICT");
        } finally {
            pool.shutdownNow();
            clients.forEach(Ipam::close);
        }
        List<Cidr> raced = ipam.networks().list().stream().filter(n -> n.name().startsWith("race"))
                .flatMap(n -> n.subnets().stream()).toList();
        assertThat(raced).hasSize(1);
    }

    @Test
    void vnisAreDistinctAndAGivenVniIsChecked() {
        Network a = ipam.networks().create(spec("vni-a", "10.60.0.0/24"));
        Network b = ipam.networks().create(spec("vni-b", "10.61.0.0/24"));
        assertThat(a.vni()).isNotEqualTo(b.vni());
        NetworkSpec given = new NetworkSpec("vni-c", List.of(Cidr.parse("10.62.0.0/24")), List.of(), List.of(),
                Encap.GRE, OptionalLong.of(a.vni()), 0, Map.of());
        assertThatThrownBy(() -> ipam.networks().create(given))
                .hasMessage("VNI " + a.vni() + " is already used by network vni-a");
    }

    @Test
    void deletingANetworkInUseIsRefused() {
        ipam.networks().create(spec("busy", "10.70.0.0/24"));
        ipam.leases().reserve("busy", IpAddress.parse("10.70.0.200"), "router", LeaseKind.RESERVED, Optional.empty());
        Lease lease = ipam.leases().allocate("busy", IpFamily.IPV4, "ctr", LeaseKind.ENDPOINT, Optional.of("h1"));
        assertThatThrownBy(() -> ipam.networks().delete("busy"))
                .isInstanceOf(IpamException.class)
                .hasMessage("network busy is in use: 1 endpoint lease(s) remain; release them first"
                        + " ('ovsnet lease ls busy' lists them)");
        ipam.leases().release("busy", lease.address());
        ipam.networks().delete("busy");
        assertThatThrownBy(() -> ipam.networks().get("busy")).hasMessageStartingWith("unknown network 'busy'");
        assertThat(ipam.leases().list(Optional.empty())).noneMatch(l -> l.owner().equals("router"));
    }

    @Test
    void ipv6FromASlash64WithoutScanning() {
        ipam.networks().create(spec("six", "10.80.0.0/24", "fd00:80::/64"));
        Lease gw = ipam.leases().gateway("six", IpFamily.IPV6);
        assertThat(gw.address()).isEqualTo(IpAddress.parse("fd00:80::1"));
        Cidr subnet = Cidr.parse("fd00:80::/64");
        Set<IpAddress> got = new HashSet<>();
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Lease l = ipam.leases().allocate("six", IpFamily.IPV6, "v6-" + i, LeaseKind.ENDPOINT, Optional.of("h1"));
            assertThat(subnet.contains(l.address())).isTrue();
            assertThat(subnet.offsetOf(l.address())).isLessThan(BigInteger.ONE.shiftLeft(40));
            assertThat(l.mac().toString()).startsWith("06:");
            got.add(l.address());
        }
        assertThat(got).hasSize(200).doesNotContain(gw.address());
        assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
        assertThat(ipam.leases().allocate("six", IpFamily.IPV4, "v6-0", LeaseKind.ENDPOINT, Optional.empty())
                .address().family()).isEqualTo(IpFamily.IPV4);
    }

    @Test
    void exclusionsAreNeverGiven() {
        NetworkSpec s = new NetworkSpec("excl", List.of(Cidr.parse("10.90.0.0/28")), List.of(),
                List.of(AddressRange.parse("10.90.0.1-10.90.0.10")), Encap.VXLAN, OptionalLong.empty(), 0, Map.of());
        Network n = ipam.networks().create(s);
        assertThat(n.gateway4()).contains(IpAddress.parse("10.90.0.11"));
        List<IpAddress> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(ipam.leases().allocate("excl", IpFamily.IPV4, "e" + i, LeaseKind.ENDPOINT, Optional.empty()).address());
        }
        assertThat(got).containsExactlyInAnyOrder(IpAddress.parse("10.90.0.12"), IpAddress.parse("10.90.0.13"),
                IpAddress.parse("10.90.0.14"));
        assertThatThrownBy(() -> ipam.leases().allocate("excl", IpFamily.IPV4, "e9", LeaseKind.ENDPOINT, Optional.empty()))
                .hasMessage("no free address in network excl (10.90.0.0/28)");
    }

    @Test
    void garbageCollectionAndHostRemoval() {
        ipam.networks().create(spec("gc", "10.100.0.0/24"));
        ipam.hosts().register("gc-h1", Optional.of("192.0.2.1"), Optional.of("test"));
        ipam.hosts().register("gc-h1", Optional.of("192.0.2.11"), Optional.of("test"));
        for (String owner : List.of("alive", "dead-1", "dead-2")) {
            ipam.leases().allocate("gc", IpFamily.IPV4, owner, LeaseKind.ENDPOINT, Optional.of("gc-h1"));
        }
        ipam.leases().allocate("gc", IpFamily.IPV4, "elsewhere", LeaseKind.ENDPOINT, Optional.of("gc-h2"));
        List<Lease> collected = ipam.leases().collect("gc-h1", Set.of("alive"), Instant.now().plusSeconds(1));
        assertThat(collected).extracting(Lease::owner).containsExactlyInAnyOrder("dead-1", "dead-2");
        assertThat(ipam.leases().collect("gc-h1", Set.of("alive"), Instant.now().plusSeconds(1))).isEmpty();
        // A lease newer than the caller's snapshot is never collected.
        ipam.leases().allocate("gc", IpFamily.IPV4, "newborn", LeaseKind.ENDPOINT, Optional.of("gc-h1"));
        assertThat(ipam.leases().collect("gc-h1", Set.of("alive"), Instant.now().minusSeconds(60))).isEmpty();

        assertThat(ipam.hosts().list()).filteredOn(h -> h.name().equals("gc-h1")).singleElement()
                .satisfies(h -> assertThat(h.tunnelIp()).contains("192.0.2.11"));
        assertThat(ipam.hosts().remove("gc-h1")).isEqualTo(2);
        assertThat(ipam.hosts().remove("gc-h1")).isZero();
        assertThat(ipam.hosts().list()).noneMatch(h -> h.name().equals("gc-h1"));
        assertThat(ipam.networks().list()).anyMatch(n -> n.name().equals("gc"));
    }

    @Test
    void unknownNetworkIsNamed() {
        assertThatThrownBy(() -> ipam.leases().allocate("nope", IpFamily.IPV4, "x", LeaseKind.ENDPOINT, Optional.empty()))
                .isInstanceOf(IpamException.class)
                .hasMessage("unknown network 'nope' ('ovsnet network ls' lists the networks)");
    }
}
