package io.ovsnet.ipam.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Store;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 acceptance on a 3-member Raft cluster: 8 clients allocate while the leader is killed
 * and restarted twice. No address is leased twice, every acknowledged allocation is in the store,
 * and no owner holds more than one lease (replies lost in a failover neither duplicate nor leak).
 *
 * <p>The full size: 8 clients x 2,000 allocations = 16,000 claims, with the leader killed
 * after 4,000 and again after 10,000 acknowledged claims.
 */
class ClusterFailoverIT {
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 2000;

    @Test
    void leaderKilledTwiceDuringAllocationLosesNothing() throws Exception {
        try (Store store = Store.cluster(3, IpamIT.SCHEMA)) {
            ClientOptions options = RacingClients.failoverOptions(store);
            try (Ipam admin = Ipam.connect(options)) {
                admin.networks().create(IpamIT.spec("ha", "10.201.0.0/16"));
            }
            RacingClients race = new RacingClients();
            CompletableFuture<List<String>> chaos = race.killLeaderAt(store, 4000, 10000);
            race.run(options, "ha", CLIENTS, PER_CLIENT, 300, true);
            List<String> killed = chaos.get(60, TimeUnit.SECONDS);

            assertThat(killed).hasSize(2);
            assertThat(race.progressAtKills).as("both leaders died while allocations were under way")
                    .allSatisfy(p -> assertThat(p).isLessThan(CLIENTS * PER_CLIENT));
            assertThat(race.failures).isEmpty();
            assertThat(race.acknowledged).hasSize(CLIENTS * PER_CLIENT);
            assertThat(race.acknowledged.values()).doesNotHaveDuplicates();
            race.verifyStore(options, "ha", CLIENTS * PER_CLIENT);
        }
    }
}
