package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Store;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4 acceptance: 8 clients on separate connections take 2,000 addresses each from one /16 at
 * once, both as agents do (each replica holds its own host's leases) and with full replicas.
 */
class ConcurrentAllocationIT {
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 2000;

    @ParameterizedTest(name = "replicas scoped to their host: {0}")
    @ValueSource(booleans = {true, false})
    void eightClientsTakeSixteenThousandDistinctAddresses(boolean scoped) throws Exception {
        try (Store store = Store.standalone(IpamIT.SCHEMA)) {
            ClientOptions options = ClientOptions.builder(store.remote()).build();
            try (Ipam admin = Ipam.connect(options)) {
                admin.networks().create(IpamIT.spec("big", "10.200.0.0/16"));
            }
            RacingClients race = new RacingClients();
            long started = System.nanoTime();
            race.run(options, "big", CLIENTS, PER_CLIENT, 120, scoped);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("standalone, scoped=%s: %d allocations by %d clients in %.2f s (%.0f/s)%n", scoped,
                    CLIENTS * PER_CLIENT, CLIENTS, seconds, CLIENTS * PER_CLIENT / seconds);

            assertThat(race.failures).isEmpty();
            assertThat(race.acknowledged).hasSize(CLIENTS * PER_CLIENT);
            Set<IpAddress> distinct = new HashSet<>(race.acknowledged.values());
            assertThat(distinct).hasSize(CLIENTS * PER_CLIENT);
            race.verifyStore(options, "big", CLIENTS * PER_CLIENT);
        }
    }
}
