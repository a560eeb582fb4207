package io.ovsnet.bench.ovsdb;

import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.RowChange;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.operation.Delete;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Transactions and monitor updates per second through ovsnet's OVSDB client, against the
 * "Bench" database of {@code bench.ovsschema}. The workload matches
 * {@code bench/odl-peer}'s OdlPeerBench exactly; scripts/bench-ovsdb runs both against the
 * same server and prints the ratio.
 *
 * <ul>
 *   <li>sequential: one transaction at a time, each "insert PREFIX-i, delete PREFIX-(i-1)";
 *   <li>pipelined: the same with WINDOW transactions in flight;
 *   <li>monitor: one connection monitors the table (keeping a full replica) while another
 *       inserts MONITORED rows pipelined; the rate is rows seen per second.
 * </ul>
 *
 * <p>Arguments: REMOTE SEQUENTIAL PIPELINED WINDOW MONITORED.
 */
public final class OvsdbClientBench {
    private static final String DB = "Bench";
    private static final String ITEM = "Item";

    public static void main(String[] args) throws Exception {
        String remote = args[0];
        int sequential = Integer.parseInt(args[1]);
        int pipelined = Integer.parseInt(args[2]);
        int window = Integer.parseInt(args[3]);
        int monitored = Integer.parseInt(args[4]);

        ClientOptions options = ClientOptions.builder(remote).build();
        try (OvsdbClient writer = OvsdbClient.connect(options).get(10, TimeUnit.SECONDS);
                OvsdbClient watcher = OvsdbClient.connect(options).get(10, TimeUnit.SECONDS)) {
            runPipelined(writer, i -> insertAndDeletePrevious("w", i), 500, 1);

            long t0 = System.nanoTime();
            runPipelined(writer, i -> insertAndDeletePrevious("s", i), sequential, 1);
            double sequentialTps = sequential / seconds(t0);

            t0 = System.nanoTime();
            runPipelined(writer, i -> insertAndDeletePrevious("p", i), pipelined, window);
            double pipelinedTps = pipelined / seconds(t0);

            DatabaseSchema schema = watcher.getSchema(DB).get(10, TimeUnit.SECONDS);
            Replica replica = new Replica(schema);
            AtomicLong inserted = new AtomicLong();
            CountDownLatch allSeen = new CountDownLatch(1);
            replica.addListener(changes -> {
                long n = changes.stream().filter(RowChange::isInsert).count();
                if (inserted.addAndGet(n) >= monitored) {
                    allSeen.countDown();
                }
            });
            watcher.monitor(DB, List.of(MonitorRequest.of(ITEM).columns("name", "n").select(
                            MonitorRequest.Select.INSERT, MonitorRequest.Select.DELETE,
                            MonitorRequest.Select.MODIFY)), replica)
                    .get(10, TimeUnit.SECONDS);
            t0 = System.nanoTime();
            runPipelined(writer, OvsdbClientBench::insertOnly, monitored, window);
            if (!allSeen.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "monitor saw " + inserted.get() + " of " + monitored + " inserts");
            }
            double monitorUps = monitored / seconds(t0);

            System.out.printf("RESULT client=ovsnet sequential_tps=%.0f pipelined_tps=%.0f"
                    + " monitor_ups=%.0f%n", sequentialTps, pipelinedTps, monitorUps);
        }
    }

    /** Runs {@code count} transactions with at most {@code window} in flight (1: one at a time). */
    private static void runPipelined(OvsdbClient client, IntFunction<Transaction> tx, int count,
            int window) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquire();
            CompletableFuture<TransactionResult> f = client.transact(tx.apply(i));
            f.whenComplete((result, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(window);
        if (failure.get() != null) {
            throw new IllegalStateException("transaction failed", failure.get());
        }
    }

    private static Transaction insertAndDeletePrevious(String prefix, int i) {
        Transaction tx = Transaction.on(DB);
        tx.add(Insert.into(ITEM).set("name", prefix + "-" + i).set("n", (long) i));
        tx.add(Delete.from(ITEM).where(Condition.eq("name", prefix + "-" + (i - 1))));
        return tx;
    }

    private static Transaction insertOnly(int i) {
        Transaction tx = Transaction.on(DB);
        tx.add(Insert.into(ITEM).set("name", "m-" + i).set("n", (long) i));
        return tx;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private OvsdbClientBench() {
    }
}
