package io.ovsnet.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.testbed.CommandRunner;
import io.ovsnet.testbed.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code set_db_change_aware} against a real server: an online schema conversion cancels the
 * monitor ({@code monitor_canceled}) instead of closing the connection, and the client
 * re-registers the monitor on the same connection.
 */
class DbChangeAwareIT {
    private static final String V1 = """
            {"name": "Convert", "version": "1.0.0",
             "tables": {"T": {"columns": {"v": {"type": "string"}}, "isRoot": true}}}
            """;
    private static final String V2 = """
            {"name": "Convert", "version": "1.1.0",
             "tables": {"T": {"columns": {"v": {"type": "string"}, "w": {"type": "integer"}}, "isRoot": true}}}
            """;

    @Test
    void monitorSurvivesAnOnlineSchemaConversionOnTheSameConnection() throws Exception {
        Path dir = Files.createTempDirectory("ovsnet-convert-");
        Path v1 = Files.writeString(dir.resolve("v1.ovsschema"), V1);
        Path v2 = Files.writeString(dir.resolve("v2.ovsschema"), V2);
        try (Store store = Store.standalone(v1);
             OvsdbClient client = OvsdbClientIT.connect(store.unixRemote())) {
            client.setDbChangeAware().join();
            Lock lock = client.lock("convert_test").join();
            AtomicInteger lost = new AtomicInteger();
            lock.addListener(new LockListener() {
                @Override
                public void lost(Lock l) {
                    lost.incrementAndGet();
                }
            });
            Replica replica = new Replica(client.getSchema("Convert").join());
            client.monitor("Convert", List.of(MonitorRequest.of("T").columns("v")), replica).join();
            insert(client, "before");
            await().atMost(Duration.ofSeconds(5)).until(() -> values(replica).contains("before"));

            CommandRunner.local().run("ovsdb-client", "--timeout=20", "convert", store.unixRemote(), v2.toString()).orThrow();
            insert(client, "after");

            await().atMost(Duration.ofSeconds(10)).until(() -> values(replica).contains("after"));
            assertThat(values(replica)).containsExactlyInAnyOrder("before", "after");
            assertThat(client.getSchema("Convert").join().version()).isEqualTo("1.1.0");
            assertThat(lost.get()).as("the connection was kept: the lock was never lost").isZero();
            assertThat(lock.isHeld()).isTrue();
        } finally {
            Files.deleteIfExists(v1);
            Files.deleteIfExists(v2);
            Files.deleteIfExists(dir);
        }
    }

    private static void insert(OvsdbClient client, String value) {
        Transaction tx = Transaction.on("Convert");
        tx.add(Insert.into("T").set("v", value));
        client.transact(tx).join();
    }

    private static List<String> values(Replica replica) {
        return replica.table("T").values().stream().map(r -> r.getString("v")).collect(Collectors.toList());
    }
}
