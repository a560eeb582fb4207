package io.ovsnet.bench.odl;

import com.google.common.util.concurrent.ListenableFuture;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.opendaylight.ovsdb.lib.MonitorCallBack;
import org.opendaylight.ovsdb.lib.OvsdbClient;
import org.opendaylight.ovsdb.lib.impl.NettyBootstrapFactory;
import org.opendaylight.ovsdb.lib.impl.OvsdbConnectionService;
import org.opendaylight.ovsdb.lib.message.MonitorRequest;
import org.opendaylight.ovsdb.lib.message.MonitorRequestBuilder;
import org.opendaylight.ovsdb.lib.message.MonitorSelect;
import org.opendaylight.ovsdb.lib.message.TableUpdate;
import org.opendaylight.ovsdb.lib.message.TableUpdates;
import org.opendaylight.ovsdb.lib.operations.OperationResult;
import org.opendaylight.ovsdb.lib.operations.Operations;
import org.opendaylight.ovsdb.lib.operations.TransactionBuilder;
import org.opendaylight.ovsdb.lib.schema.ColumnSchema;
import org.opendaylight.ovsdb.lib.schema.DatabaseSchema;
import org.opendaylight.ovsdb.lib.schema.GenericTableSchema;

/**
 * The OVSDB client benchmark's workload through the OpenDaylight library. Kept in step with
 * io.ovsnet.bench.ovsdb.OvsdbClientBench: the same three phases, the same transactions, the same
 * output line, so that scripts/bench-ovsdb can set the two side by side.
 *
 * <p>Arguments: PORT SEQUENTIAL PIPELINED WINDOW MONITORED.
 */
public final class OdlPeerBench {
    private static final Operations OP = Operations.op;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sequential = Integer.parseInt(args[1]);
        int pipelined = Integer.parseInt(args[2]);
        int window = Integer.parseInt(args[3]);
        int monitored = Integer.parseInt(args[4]);

        NettyBootstrapFactory bootstrap = new NettyBootstrapFactory();
        OvsdbConnectionService service = new OvsdbConnectionService(bootstrap, null);
        // The library's default call timeout is 1000 ms; a loaded 2-core machine can exceed it
        // under pipelining, which would measure the reaper, not the client.
        service.setOvsdbRpcTaskTimeout(30_000);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        OvsdbClient writer = service.connect(loopback, port);
        OvsdbClient watcher = service.connect(loopback, port);
        if (writer == null || watcher == null) {
            throw new IllegalStateException("cannot connect to tcp:127.0.0.1:" + port);
        }
        DatabaseSchema schema = writer.getSchema("Bench").get(10, TimeUnit.SECONDS);
        GenericTableSchema item = schema.table("Item", GenericTableSchema.class);
        ColumnSchema<GenericTableSchema, String> name = item.column("name", String.class);
        ColumnSchema<GenericTableSchema, Long> n = item.column("n", Long.class);

        // Warm-up, not measured.
        runSequential(writer, schema, item, name, n, "w", 500);

        long t0 = System.nanoTime();
        runSequential(writer, schema, item, name, n, "s", sequential);
        double sequentialTps = sequential / seconds(t0);

        t0 = System.nanoTime();
        runPipelined(writer, schema, item, name, n, "p", pipelined, window);
        double pipelinedTps = pipelined / seconds(t0);

        DatabaseSchema watcherSchema = watcher.getSchema("Bench").get(10, TimeUnit.SECONDS);
        GenericTableSchema watchedItem = watcherSchema.table("Item", GenericTableSchema.class);
        AtomicLong inserted = new AtomicLong();
        CountDownLatch allSeen = new CountDownLatch(1);
        AtomicReference<Throwable> monitorError = new AtomicReference<>();
        MonitorRequest request = new MonitorRequestBuilder<>(watchedItem)
                .addColumn("name").addColumn("n")
                .with(new MonitorSelect(false, true, true, true))
                .build();
        watcher.monitor(watcherSchema, List.of(request), new MonitorCallBack() {
            @Override
            public void update(TableUpdates updates, DatabaseSchema dbSchema) {
                TableUpdate<GenericTableSchema> update = updates.getUpdate(watchedItem);
                if (update == null) {
                    return;
                }
                long newRows = update.getRows().values().stream()
                        .filter(r -> r.getOld() == null && r.getNew() != null)
                        .count();
                if (inserted.addAndGet(newRows) >= monitored) {
                    allSeen.countDown();
                }
            }

            @Override
            public void exception(Throwable t) {
                monitorError.set(t);
                allSeen.countDown();
            }
        });
        t0 = System.nanoTime();
        runInserts(writer, schema, item, name, n, monitored, window);
        if (!allSeen.await(120, TimeUnit.SECONDS) || monitorError.get() != null) {
            throw new IllegalStateException("monitor saw " + inserted.get() + " of " + monitored
                    + " inserts", monitorError.get());
        }
        double monitorUps = monitored / seconds(t0);

        System.out.printf("RESULT client=opendaylight-1.12.0 sequential_tps=%.0f pipelined_tps=%.0f"
                + " monitor_ups=%.0f%n", sequentialTps, pipelinedTps, monitorUps);
        writer.disconnect();
        watcher.disconnect();
        service.close();
        bootstrap.close();
        System.exit(0);
    }

    private static void runSequential(OvsdbClient client, DatabaseSchema schema,
            GenericTableSchema item, ColumnSchema<GenericTableSchema, String> name,
            ColumnSchema<GenericTableSchema, Long> n, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            check(insertAndDeletePrevious(client, schema, item, name, n, prefix, i)
                    .get(30, TimeUnit.SECONDS));
        }
    }

    private static void runPipelined(OvsdbClient client, DatabaseSchema schema,
            GenericTableSchema item, ColumnSchema<GenericTableSchema, String> name,
            ColumnSchema<GenericTableSchema, Long> n, String prefix, int count, int window)
            throws Exception {
        inWindow(count, window,
                i -> insertAndDeletePrevious(client, schema, item, name, n, prefix, i));
    }

    private static void runInserts(OvsdbClient client, DatabaseSchema schema,
            GenericTableSchema item, ColumnSchema<GenericTableSchema, String> name,
            ColumnSchema<GenericTableSchema, Long> n, int count, int window) throws Exception {
        inWindow(count, window, i -> {
            TransactionBuilder tx = client.transactBuilder(schema);
            tx.add(OP.insert(item).value(name, "m-" + i).value(n, (long) i));
            return tx.execute();
        });
    }

    /** Sends {@code count} transactions with at most {@code window} in flight; fails on the first error. */
    private static void inWindow(int count, int window,
            IntFunction<ListenableFuture<List<OperationResult>>> transaction) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquire();
            ListenableFuture<List<OperationResult>> f = transaction.apply(i);
            f.addListener(() -> {
                try {
                    check(f.get());
                } catch (Exception | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            }, Runnable::run);
        }
        inFlight.acquire(window);
        if (failure.get() != null) {
            throw new IllegalStateException("transaction failed", failure.get());
        }
    }

    /** One transaction: insert PREFIX-i, delete PREFIX-(i-1). */
    private static ListenableFuture<List<OperationResult>> insertAndDeletePrevious(
            OvsdbClient client, DatabaseSchema schema, GenericTableSchema item,
            ColumnSchema<GenericTableSchema, String> name,
            ColumnSchema<GenericTableSchema, Long> n, String prefix, int i) {
        TransactionBuilder tx = client.transactBuilder(schema);
        tx.add(OP.insert(item).value(name, prefix + "-" + i).value(n, (long) i));
        tx.add(OP.delete(item).where(name.opEqual(prefix + "-" + (i - 1))).build());
        return tx.execute();
    }

    private static void check(List<OperationResult> results) {
        if (results == null) {
            throw new IllegalStateException("no result");
        }
        for (OperationResult r : results) {
            if (r != null && r.getError() != null) {
                throw new IllegalStateException(r.getError() + ": " + r.getDetails());
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private OdlPeerBench() {
    }
}
