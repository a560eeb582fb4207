package io.ovsnet.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.RowChange;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.testbed.CommandRunner;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.StoreMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The client against a real 3-member Raft cluster: leader-only connection, failover when the
 * leader is killed in the middle of a stream of transactions, and monitor resumption.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    private static final String SCHEMA = """
            {"name": "FailoverTest", "version": "1.0.0",
             "tables": {"Entry": {"columns": {"n": {"type": "integer"}, "writer": {"type": "string"}},
                                  "isRoot": true, "indexes": [["n"]]}}}
            """;
    private static final int TRANSACTIONS = 400;
    private static final int WRITERS = 4;

    private static Path schemaDir;
    private static Store store;

    @BeforeAll
    static void startCluster() throws IOException {
        schemaDir = Files.createTempDirectory("ovsnet-failover-");
        Path schema = schemaDir.resolve("failover.ovsschema");
        Files.writeString(schema, SCHEMA);
        store = Store.cluster(3, schema);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            Files.deleteIfExists(schemaDir.resolve("failover.ovsschema"));
            Files.deleteIfExists(schemaDir);
        }
    }

    private static OvsdbClient connect() throws Exception {
        return OvsdbClient.connect(ClientOptions.builder(store.remote())
                .callTimeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build()).get(20, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void followsTheLeadershipWhenTheLeaderHandsItOverWhileConnected() throws Exception {
        try (OvsdbClient client = connect()) {
            StoreMember leader = store.leader();
            assertThat(client.remote()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo(leader.tcpRemote()));
            Replica replica = new Replica(client.getSchema("FailoverTest").join());
            client.monitor("FailoverTest", List.of(MonitorRequest.of("Entry")), replica).join();

            CommandRunner.local().run("ovs-appctl", "-t", leader.control().toString(),
                    "cluster/failure-test", "transfer-leadership").orThrow();

            await().atMost(Duration.ofSeconds(20)).until(() -> client.isConnected()
                    && !client.remote().orElseThrow().toString().equals(leader.tcpRemote()));
            assertThat(client.remote().orElseThrow().toString()).isEqualTo(store.awaitLeader().tcpRemote());
            Transaction tx = Transaction.on("FailoverTest");
            tx.add(Insert.into("Entry").set("n", -1L).set("writer", "transfer"));
            client.transact(tx).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replicaEntries(replica)).isEqualTo(entries(client)));
            assertThat(replicaEntries(replica).values()).contains(-1L);
        }
    }

    @Test
    @Order(2)
    void killingTheLeaderDuringTransactionsLosesNoAcknowledgedOneAndTheReplicaFollows() throws Exception {
        StoreMember leader = store.leader();
        try (OvsdbClient client = connect()) {
            assertThat(client.remote()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo(leader.tcpRemote()));

            Replica replica = new Replica(client.getSchema("FailoverTest").join());
            Map<Uuid, AtomicInteger> insertsSeen = new ConcurrentHashMap<>();
            List<RowChange> deletes = new ArrayList<>();
            replica.addListener(changes -> changes.forEach(change -> {
                if (change.isInsert()) {
                    insertsSeen.computeIfAbsent(change.uuid(), u -> new AtomicInteger()).incrementAndGet();
                } else if (change.isDelete()) {
                    deletes.add(change);
                }
            }));
            client.monitor("FailoverTest", List.of(MonitorRequest.of("Entry")), replica).join();

            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            Set<Long> committedBeforeRetry = ConcurrentHashMap.newKeySet();
            AtomicInteger retries = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS + 1);
            // The writer whose acknowledgement makes a quarter of the stream kills the leader at once,
            // from another thread, while three quarters are still to go: however fast the machine,
            // the other writers have transactions in flight when it dies.
            CompletableFuture<Void> killed = new CompletableFuture<>();
            List<Future<?>> done = new ArrayList<>();
            try {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (long n = writer; n < TRANSACTIONS; n += WRITERS) {
                            insertUntilKnown(client, n, "w" + writer, acknowledged, committedBeforeRetry, retries);
                            if (acknowledged.size() >= TRANSACTIONS / 4 && !killed.isDone()) {
                                writers.execute(() -> killOnce(store, leader, killed));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(90, TimeUnit.SECONDS);
                }
                killed.get(30, TimeUnit.SECONDS);
            } finally {
                writers.shutdownNow();
            }

            Map<Uuid, Long> database = entries(client);
            assertThat(database.values()).as("every acknowledged transaction survived the failover")
                    .containsAll(acknowledged);
            assertThat(database.values().stream().filter(n -> n >= 0).collect(Collectors.toSet()))
                    .as("every transaction of the stream is in the database").isEqualTo(range(TRANSACTIONS));
            assertThat(retries.get()).as("the leader died while transactions were in flight").isPositive();
            assertThat(client.remote()).as("the client moved to the new leader")
                    .hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo(store.awaitLeader().tcpRemote()));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(replicaEntries(replica)).isEqualTo(database));
            assertThat(deletes).as("no row deleted from the replica").isEmpty();
            assertThat(insertsSeen.keySet()).isEqualTo(database.keySet());
            assertThat(insertsSeen.values()).as("each insert reported once").allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        } finally {
            if (!leader.isRunning()) {
                store.restart(leader);
            }
        }
    }

    /** Kills {@code leader} unless {@code killed} says it was done already; completes {@code killed}. */
    private static synchronized void killOnce(Store store, StoreMember leader, CompletableFuture<Void> killed) {
        if (killed.isDone()) {
            return;
        }
        try {
            store.kill(leader);
            killed.complete(null);
        } catch (RuntimeException e) {
            killed.completeExceptionally(e);
        }
    }

    private static void insertUntilKnown(OvsdbClient client, long n, String writer, Set<Long> acknowledged,
                                         Set<Long> committedBeforeRetry, AtomicInteger retries) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean retry = false;
        while (true) {
            Transaction tx = Transaction.on("FailoverTest");
            tx.add(Insert.into("Entry").set("n", n).set("writer", writer));
            try {
                client.transact(tx).join();
                acknowledged.add(n);
                return;
            } catch (CompletionException e) {
                OvsdbException failure = (OvsdbException) e.getCause();
                if (retry && failure instanceof TransactionException t && t.error().equals("constraint violation")) {
                    committedBeforeRetry.add(n);
                    return;
                }
                if (!failure.isRetryable() || System.nanoTime() > deadline) {
                    throw new AssertionError("insert of n=" + n + " failed for good: " + failure, failure);
                }
                retry = true;
                retries.incrementAndGet();
                Thread.sleep(20);
            }
        }
    }

    private static Map<Uuid, Long> entries(OvsdbClient client) {
        Transaction tx = Transaction.on("FailoverTest");
        var rows = tx.add(Select.from("Entry").columns("_uuid", "n"));
        return client.transact(tx).join().get(rows).stream()
                .collect(Collectors.toMap(Row::uuid, r -> r.getLong("n")));
    }

    private static Map<Uuid, Long> replicaEntries(Replica replica) {
        return replica.table("Entry").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getLong("n")));
    }

    private static Set<Long> range(int count) {
        Set<Long> all = new HashSet<>();
        for (long i = 0; i < count; i++) {
            all.add(i);
        }
        return all;
    }
}
