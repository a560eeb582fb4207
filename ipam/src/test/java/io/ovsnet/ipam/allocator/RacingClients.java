package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ovsdb.client.ClientOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * Client {@code c} allocates for host {@code hostC}; with {@code scoped}, its replica holds only
     * that host's leases, as an agent's does ({@link Ipam#connectAs}), else every lease.
     */
    void run(ClientOptions options, String network, int clients, int perClient, long timeoutSeconds, boolean scoped)
            throws Exception {
        List<Ipam> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                connections.add(scoped ? Ipam.connectAs("host" + c, options) : Ipam.connect(options));
            }
            CyclicBarrier start = new CyclicBarrier(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Ipam ipam = connections.get(c);
                String prefix = "client" + c + "-";
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perClient; i++) {
                        String owner = prefix + i;
                        try {
                            Lease lease = ipam.leases().allocate(network, IpFamily.IPV4, owner, LeaseKind.ENDPOINT,
                                    Optional.of("host" + owner.charAt(6)));
                            acknowledged.put(owner, lease.address());
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                        progress.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(timeoutSeconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            connections.forEach(Ipam::close);
        }
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
}
