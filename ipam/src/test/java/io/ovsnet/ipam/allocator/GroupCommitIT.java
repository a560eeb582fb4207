package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.IpamException.Reason;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit of claims ({@link ClaimGroups}): many threads allocating through one client share
 * transactions, and a group the store refuses or whose reply is lost falls back to claiming alone
 * without a duplicate, a leak or a lost acknowledgement.
 */
class GroupCommitIT {
    private static final int THREADS = 32;
    private static final int PER_THREAD = 250;

    @ParameterizedTest(name = "{0}, replica scoped to its host: {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true"})
    void oneClientWithManyThreadsGroupsItsClaims(String store, boolean scoped) throws Exception {
        try (Store s = store.equals("cluster") ? Store.cluster(3, IpamIT.SCHEMA) : Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            Network network;
            try (Ipam admin = Ipam.connect(options)) {
                network = admin.networks().create(IpamIT.spec("many", "10.202.0.0/16"));
            }
            RacingClients race = new RacingClients();
            long started = System.nanoTime();
            race.run(options, "many", 1, THREADS, PER_THREAD, 180, scoped);
            double seconds = (System.nanoTime() - started) / 1e9;

            ClaimGroups groups = race.clients.get(0).leases().groups();
            double perTransaction = (double) groups.claimsCommitted() / groups.transactionsCommitted();
            System.out.printf("%s, scoped=%s: %d allocations by %d threads of one client in %.2f s (%.0f/s);"
                    + " %d grouped transactions committed %d claims (%.1f each), %d failed (%d claims)%n", store,
                    scoped, THREADS * PER_THREAD, THREADS, seconds, THREADS * PER_THREAD / seconds,
                    groups.transactionsCommitted(), groups.claimsCommitted(), perTransaction,
                    groups.transactionsFailed(), groups.claimsFailed());

            assertThat(race.failures).isEmpty();
            assertThat(race.acknowledged).hasSize(THREADS * PER_THREAD);
            assertThat(new HashSet<>(race.acknowledged.values())).hasSize(THREADS * PER_THREAD);
            race.verifyStore(options, "many", THREADS * PER_THREAD);
            // Grouping happened: fewer transactions than claims (a NaN mean would pass isGreaterThan).
            assertThat(groups.transactionsCommitted()).as("grouped transactions").isPositive();
            assertThat(groups.claimsCommitted()).as("claims in grouped transactions")
                    .isGreaterThan(groups.transactionsCommitted());
            assertThat(race.clients.get(0).leases().index().heldCount(network.uuid(), IpFamily.IPV4)).isZero();
        }
    }

    /**
     * A group holding an address another host took behind this client's back is refused as a
     * whole; each claim then goes on alone and gets one of the addresses that are really free.
     */
    @Test
    void aRefusedGroupFallsBackToSingleClaims() throws Exception {
        try (Store s = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options); Ipam a = Ipam.connectAs("hostA", options);
                    Ipam b = Ipam.connectAs("hostB", options)) {
                // 10.203.0.0/27: .2 to .30 are free (.1 is the gateway).
                Network network = admin.networks().create(IpamIT.spec("crowd", "10.203.0.0/27"));
                IpAddress first = allocate(a, "crowd", "a-first", "hostA").address(); // a reads the pool now
                // Five addresses stay free, at least three apart, so that no five consecutive
                // candidates of a's (which knows nothing of b's claims) are all free; b takes the rest.
                List<IpAddress> free = new ArrayList<>();
                for (int last : new int[] {4, 10, 16, 22, 28, 7, 13}) {
                    IpAddress address = IpAddress.parse("10.203.0." + last);
                    if (free.size() < 5 && !address.equals(first)) {
                        free.add(address);
                    }
                }
                for (int last = 2; last <= 30; last++) {
                    IpAddress address = IpAddress.parse("10.203.0." + last);
                    if (!free.contains(address) && !address.equals(first)) {
                        b.leases().reserve("crowd", address, "b-" + last, LeaseKind.ENDPOINT, Optional.of("hostB"));
                    }
                }

                List<Lease> leases = groupOf(a, network, "crowd", List.of("a-1", "a-2", "a-3", "a-4", "a-5"));

                ClaimGroups groups = a.leases().groups();
                assertThat(groups.transactionsFailed()).as("refused groups").isGreaterThanOrEqualTo(1);
                assertThat(groups.claimsFailed()).isGreaterThanOrEqualTo(5);
                assertThat(leases).extracting(Lease::address).containsExactlyInAnyOrderElementsOf(free);
                assertThat(a.leases().index().heldCount(network.uuid(), IpFamily.IPV4)).isZero();
                assertThatThrownBy(() -> allocate(a, "crowd", "a-6", "hostA")).isInstanceOf(IpamException.class)
                        .extracting(e -> ((IpamException) e).reason()).isEqualTo(Reason.NO_FREE_ADDRESS);
                assertDistinctOwnersAndAddresses(admin, "crowd", 29);
            }
        }
    }

    /**
     * A group holding an owner that already has a lease (claimed by another client: the owner
     * index refuses the group) falls back: that owner gets its existing lease, the others theirs.
     */
    @Test
    void aGroupRefusedForOneOwnerGivesThatOwnerItsLease() throws Exception {
        try (Store s = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options); Ipam a = Ipam.connectAs("hostA", options);
                    Ipam b = Ipam.connectAs("hostB", options)) {
                Network network = admin.networks().create(IpamIT.spec("owners", "10.204.0.0/24"));
                Lease shared = allocate(b, "owners", "shared", "hostB");
                allocate(a, "owners", "a-first", "hostA"); // a reads the pool now, shared's address with it

                List<Lease> leases = groupOf(a, network, "owners", List.of("a-1", "shared", "a-2", "a-3"));

                assertThat(a.leases().groups().transactionsFailed()).as("refused groups").isGreaterThanOrEqualTo(1);
                assertThat(leases.get(1)).isEqualTo(shared);
                assertThat(leases).extracting(Lease::address).doesNotHaveDuplicates();
                assertThat(a.leases().index().heldCount(network.uuid(), IpFamily.IPV4)).isZero();
                assertDistinctOwnersAndAddresses(admin, "owners", 5);
            }
        }
    }

    /** IPv6 claims group as IPv4 claims do, in a pool of their own: five waiting claims commit as one. */
    @Test
    void ipv6ClaimsGroupToo() throws Exception {
        try (Store s = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options); Ipam a = Ipam.connectAs("hostA", options)) {
                Network network = admin.networks().create(IpamIT.spec("dual", "10.210.0.0/24", "fd00:210::/64"));
                a.leases().allocate("dual", IpFamily.IPV6, "first", LeaseKind.ENDPOINT, Optional.of("hostA"));
                ClaimGroups groups = a.leases().groups();
                long before = groups.transactionsCommitted();
                Runnable release = groups.holdDoor(network.uuid(), IpFamily.IPV6);
                ExecutorService pool = Executors.newFixedThreadPool(5);
                List<Lease> leases = new ArrayList<>();
                try {
                    List<Future<Lease>> pending = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        String owner = "v6-" + i;
                        pending.add(pool.submit(() -> a.leases().allocate("dual", IpFamily.IPV6, owner,
                                LeaseKind.ENDPOINT, Optional.of("hostA"))));
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (groups.waiting(network.uuid(), IpFamily.IPV6) < 5) {
                        assertThat(System.nanoTime()).as("5 claims queued").isLessThan(deadline);
                        sleep(5);
                    }
                    assertThat(groups.waiting(network.uuid(), IpFamily.IPV4)).isZero();
                    release.run();
                    for (Future<Lease> f : pending) {
                        leases.add(f.get(30, TimeUnit.SECONDS));
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(groups.transactionsCommitted()).isEqualTo(before + 1);
                assertThat(leases).extracting(l -> l.address().family()).containsOnly(IpFamily.IPV6);
                assertThat(a.leases().index().heldCount(network.uuid(), IpFamily.IPV6)).isZero();
                assertDistinctOwnersAndAddresses(admin, "dual", 6);
            }
        }
    }

    /**
     * A second claim for an owner whose claim waits in a group goes alone and commits first; the
     * group is then refused by the owner index, and the waiting claim finds and returns that lease.
     */
    @Test
    void twoClaimsForOneOwnerAtOnceGetTheSameLease() throws Exception {
        try (Store s = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options); Ipam a = Ipam.connectAs("hostA", options)) {
                Network network = admin.networks().create(IpamIT.spec("twice", "10.207.0.0/24"));
                allocate(a, "twice", "a-first", "hostA"); // a reads the pool now
                ClaimGroups groups = a.leases().groups();
                Runnable release = groups.holdDoor(network.uuid(), IpFamily.IPV4);
                ExecutorService pool = Executors.newSingleThreadExecutor();
                try {
                    Future<Lease> grouped = pool.submit(() -> allocate(a, "twice", "dup", "hostA"));
                    awaitWaiting(groups, network, 1);
                    Lease alone = allocate(a, "twice", "dup", "hostA"); // the owner is in a group: alone
                    release.run();
                    assertThat(grouped.get(30, TimeUnit.SECONDS)).isEqualTo(alone);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(groups.transactionsFailed()).as("group refused by the owner index").isEqualTo(1);
                assertThat(a.leases().index().heldCount(network.uuid(), IpFamily.IPV4)).isZero();
                assertDistinctOwnersAndAddresses(admin, "twice", 2);
            }
        }
    }

    /**
     * Addresses held by waiting claims do not make the pool look full: with every free address of
     * a /29 held by a group, one more claim takes one of them alone; the group is refused, and of
     * its five claims four get the four addresses left and one is told the pool is full.
     */
    @Test
    void heldAddressesDoNotMakeThePoolFull() throws Exception {
        try (Store s = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options); Ipam a = Ipam.connect(options)) {
                Network network = admin.networks().create(IpamIT.spec("tiny", "10.208.0.0/29")); // .2 to .6 free
                ClaimGroups groups = a.leases().groups();
                Runnable release = groups.holdDoor(network.uuid(), IpFamily.IPV4);
                ExecutorService pool = Executors.newFixedThreadPool(5);
                List<Future<Lease>> waiting = new ArrayList<>();
                try {
                    for (int i = 0; i < 5; i++) {
                        String owner = "w-" + i;
                        waiting.add(pool.submit(() -> allocate(a, "tiny", owner, "hostA")));
                    }
                    awaitWaiting(groups, network, 5);
                    Lease alone = allocate(a, "tiny", "alone", "hostA");
                    release.run();
                    List<Lease> granted = new ArrayList<>(List.of(alone));
                    int full = 0;
                    for (Future<Lease> f : waiting) {
                        try {
                            granted.add(f.get(30, TimeUnit.SECONDS));
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(IpamException.class);
                            assertThat(((IpamException) e.getCause()).reason()).isEqualTo(Reason.NO_FREE_ADDRESS);
                            full++;
                        }
                    }
                    assertThat(full).isEqualTo(1);
                    assertThat(granted).extracting(Lease::address).doesNotHaveDuplicates().hasSize(5);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(groups.transactionsFailed()).isEqualTo(1);
                assertThat(a.leases().index().heldCount(network.uuid(), IpFamily.IPV4)).isZero();
                assertDistinctOwnersAndAddresses(admin, "tiny", 5);
            }
        }
    }

    /**
     * Contention everywhere: 4 hosts x 8 threads race for every address of a /22 (1,021 free) with
     * 1,024 claims. Groups are refused by other hosts' claims, their claims go on alone, pools are
     * read again, and in the end every address is leased once and exactly three claims are told
     * the pool is full.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "cluster"})
    void fourHostsExhaustASmallPoolExactly(String store) throws Exception {
        try (Store s = store.equals("cluster") ? Store.cluster(3, IpamIT.SCHEMA) : Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(s.remote()).build();
            try (Ipam admin = Ipam.connect(options)) {
                admin.networks().create(IpamIT.spec("small", "10.209.0.0/22"));
            }
            RacingClients race = new RacingClients();
            race.run(options, "small", 4, 8, 32, 120, true);

            long refused = race.clients.stream().mapToLong(c -> c.leases().groups().transactionsFailed()).sum();
            System.out.printf("%s, exhausting a /22: %d acknowledged, %d failures, %d groups refused%n", store,
                    race.acknowledged.size(), race.failures.size(), refused);
            assertThat(race.failures).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(IpamException.class)
                    .extracting(f -> ((IpamException) f).reason()).isEqualTo(Reason.NO_FREE_ADDRESS));
            assertThat(race.acknowledged).hasSize(1021);
            assertThat(race.acknowledged.values()).doesNotHaveDuplicates();
            race.verifyStore(options, "small", 1021);
        }
    }

    /** The leader of a 3-member cluster is killed twice while 4 clients x 8 threads allocate in groups. */
    @Test
    void leaderKilledDuringGroupedClaimsLosesNothing() throws Exception {
        int clients = 4;
        int threads = 8;
        int perThread = 250;
        int total = clients * threads * perThread;
        try (Store store = Store.cluster(3, IpamIT.SCHEMA)) {
            ClientOptions options = RacingClients.failoverOptions(store);
            try (Ipam admin = Ipam.connect(options)) {
                admin.networks().create(IpamIT.spec("ha-groups", "10.205.0.0/16"));
            }
            RacingClients race = new RacingClients();
            CompletableFuture<List<String>> chaos = race.killLeaderAt(store, total / 4, total * 5 / 8);
            race.run(options, "ha-groups", clients, threads, perThread, 300, true);
            List<String> killed = chaos.get(60, TimeUnit.SECONDS);

            long committed = 0;
            long transactions = 0;
            long failed = 0;
            for (Ipam c : race.clients) {
                committed += c.leases().groups().claimsCommitted();
                transactions += c.leases().groups().transactionsCommitted();
                failed += c.leases().groups().transactionsFailed();
            }
            System.out.printf("cluster with failovers: %d grouped transactions committed %d claims, %d failed%n",
                    transactions, committed, failed);
            assertThat(killed).hasSize(2);
            assertThat(race.failures).isEmpty();
            assertThat(race.acknowledged).hasSize(total);
            assertThat(race.acknowledged.values()).doesNotHaveDuplicates();
            race.verifyStore(options, "ha-groups", total);
            assertThat(transactions).as("grouped transactions").isPositive();
            assertThat(committed).as("claims in grouped transactions").isGreaterThan(transactions);
        }
    }

    /**
     * Holds the pool's group as if a transaction were in flight, starts one allocation per owner
     * on its own thread, waits until all are queued, lets them go as one group and returns their
     * leases in the owners' order.
     */
    private static List<Lease> groupOf(Ipam ipam, Network network, String name, List<String> owners)
            throws Exception {
        ClaimGroups groups = ipam.leases().groups();
        Runnable release = groups.holdDoor(network.uuid(), IpFamily.IPV4);
        ExecutorService pool = Executors.newFixedThreadPool(owners.size());
        try {
            List<Future<Lease>> pending = new ArrayList<>();
            for (String owner : owners) {
                pending.add(pool.submit(() -> allocate(ipam, name, owner, "hostA")));
            }
            awaitWaiting(groups, network, owners.size());
            long failedBefore = groups.transactionsFailed();
            release.run();
            List<Lease> leases = new ArrayList<>();
            for (Future<Lease> f : pending) {
                leases.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(groups.transactionsFailed()).isGreaterThan(failedBefore);
            return leases;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitWaiting(ClaimGroups groups, Network network, int claims) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groups.waiting(network.uuid(), IpFamily.IPV4) < claims) {
            assertThat(System.nanoTime()).as("%d claims queued", claims).isLessThan(deadline);
            sleep(5);
        }
    }

    private static Lease allocate(Ipam ipam, String network, String owner, String host) {
        return ipam.leases().allocate(network, IpFamily.IPV4, owner, LeaseKind.ENDPOINT, Optional.of(host));
    }

    private static void assertDistinctOwnersAndAddresses(Ipam admin, String network, int endpoints) {
        List<Lease> stored = admin.leases().list(Optional.of(network));
        assertThat(stored).extracting(Lease::address).doesNotHaveDuplicates();
        assertThat(stored).extracting(l -> l.owner() + " " + l.family()).as("one lease per owner and family")
                .doesNotHaveDuplicates();
        Set<String> endpointOwners = new HashSet<>();
        stored.stream().filter(l -> l.kind() == LeaseKind.ENDPOINT).forEach(l -> endpointOwners.add(l.owner()));
        assertThat(endpointOwners).hasSize(endpoints);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
