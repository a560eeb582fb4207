package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.StoreMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N clients, each on its own connection with its own replica, allocate M addresses each from one
 * network at the same time; every acknowledged allocation (owner to address) is recorded, as is
 * every failure.
 */
final class RacingClients {
    final Map<String, IpAddress> acknowledged = new ConcurrentHashMap<>();
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger progress = new AtomicInteger();
    /** {@link #progress} when each leader was killed by {@link #killLeaderAt}. */
    final List<Integer> progressAtKills = Collections.synchronizedList(new ArrayList<>());
    /** The racing clients of the last run (closed once it ended): their counters stay readable. */
    volatile List<Ipam> clients = List.of();

    /**
     * Client {@code c} allocates for host {@code hostC}; with {@code scoped}, its replica holds only
     * that host's leases, as an agent's does ({@link Ipam#connectAs}), else every lease.
     */
    void run(ClientOptions options, String network, int clients, int perClient, long timeoutSeconds, boolean scoped)
            throws Exception {
        run(options, network, clients, 1, perClient, timeoutSeconds, scoped);
    }

    /**
     * As {@link #run(ClientOptions, String, int, int, long, boolean)}, with {@code threads} threads
     * per client allocating {@code perThread} addresses each through the client's one connection
     * (as an agent's attach lanes do); the clients are kept in {@link #clients} until they close.
     */
    void run(ClientOptions options, String network, int clients, int threads, int perThread, long timeoutSeconds,
            boolean scoped) throws Exception {
        List<Ipam> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients * threads);
        try {
            for (int c = 0; c < clients; c++) {
                connections.add(scoped ? Ipam.connectAs("host" + c, options) : Ipam.connect(options));
            }
            this.clients = List.copyOf(connections);
            CyclicBarrier start = new CyclicBarrier(clients * threads);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                for (int t = 0; t < threads; t++) {
                    String prefix = "client" + c + "-" + (threads > 1 ? t + "-" : "");
                    done.add(pool.submit(allocations(connections.get(c), network, "host" + c, prefix, perThread, start)));
                }
            }
            for (Future<?> f : done) {
                f.get(timeoutSeconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            connections.forEach(Ipam::close);
        }
    }

    /** One thread's work: {@code count} allocations for owners {@code prefix0, prefix1, ...} of {@code host}. */
    private Callable<Void> allocations(Ipam ipam, String network, String host, String prefix, int count,
            CyclicBarrier start) {
        return () -> {
            start.await();
            for (int i = 0; i < count; i++) {
                String owner = prefix + i;
                try {
                    Lease lease = ipam.leases().allocate(network, IpFamily.IPV4, owner, LeaseKind.ENDPOINT,
                            Optional.of(host));
                    acknowledged.put(owner, lease.address());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                progress.incrementAndGet();
            }
            return null;
        };
    }

    /**
     * Checks the store's leases of the network (read on a fresh connection) against what was
     * acknowledged: no address twice, no owner twice, every acknowledged allocation present, and
     * exactly {@code expectedEndpoints} endpoint leases (no leak).
     */
    void verifyStore(ClientOptions options, String network, int expectedEndpoints) {
        try (Ipam fresh = Ipam.connect(options)) {
            List<Lease> leases = fresh.leases().list(Optional.of(network));
            Set<IpAddress> addresses = new HashSet<>();
            Map<String, IpAddress> byOwner = new HashMap<>();
            for (Lease l : leases) {
                assertThat(addresses.add(l.address())).as("address %s leased twice", l.address()).isTrue();
                assertThat(byOwner.put(l.owner(), l.address())).as("owner %s holds two leases", l.owner()).isNull();
            }
            assertThat(leases).filteredOn(l -> l.kind() == LeaseKind.ENDPOINT).hasSize(expectedEndpoints);
            acknowledged.forEach((owner, address) ->
                    assertThat(byOwner.get(owner)).as("acknowledged lease of %s", owner).isEqualTo(address));
        }
    }

    /** Options for clients of a cluster whose leader a test kills: short call timeout, quick reconnects. */
    static ClientOptions failoverOptions(Store store) {
        return ClientOptions.builder(store.remote()).callTimeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
    }

    /**
     * Each time {@link #progress} reaches the next of {@code thresholds}, kills the cluster's
     * leader and restarts it 1.5 s later, on a thread of its own. Completes with the names of the
     * members killed.
     */
    CompletableFuture<List<String>> killLeaderAt(Store store, int... thresholds) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> killed = new ArrayList<>();
            for (int threshold : thresholds) {
                while (progress.get() < threshold) {
                    pause(5);
                }
                StoreMember leader = store.awaitLeader();
                store.kill(leader);
                progressAtKills.add(progress.get());
                killed.add(leader.name());
                pause(1500);
                store.restart(leader);
            }
            return killed;
        });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
