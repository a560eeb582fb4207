package io.ovsnet.agent.ovs;

import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.client.Monitor;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.OpenVSwitch;
import io.ovsnet.ovsdb.vswitch.Port;
import io.ovsnet.ovsdb.vswitch.VSwitchSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This host's Open vSwitch, reached through its OVSDB ({@code Open_vSwitch} database), with a
 * monitored replica of what the agent looks up on every attach (bridges' ports, ports' tags and
 * external_ids).
 *
 * <p>A committed transaction is not yet forwarding state: ovs-vswitchd applies it afterwards.
 * {@link #reconfigure} does what {@code ovs-vsctl} does: it increments {@code next_cfg} in the
 * same transaction and completes only when {@code cur_cfg}, watched by a monitor, reaches it.
 */
public final class LocalSwitch implements AutoCloseable {
    public static final String DATABASE = VSwitchSchema.DATABASE;

    private final OvsdbClient client;
    private final Duration applyTimeout;
    private final Replica replica;
    private final List<Waiter> waiters = new ArrayList<>();
    private Monitor monitor;

    private record Waiter(long cfg, CompletableFuture<Void> applied) {}

    private LocalSwitch(OvsdbClient client, Duration applyTimeout, Replica replica) {
        this.client = client;
        this.applyTimeout = applyTimeout;
        this.replica = replica;
    }

    /**
     * Starts watching {@code cur_cfg} on a connected client. The caller keeps the client and closes
     * it after this switch.
     *
     * @param applyTimeout how long {@link #reconfigure} waits for ovs-vswitchd
     */
    public static CompletableFuture<LocalSwitch> open(OvsdbClient client, Duration applyTimeout) {
        return client.getSchema(DATABASE).thenCompose(schema -> {
            VSwitchSchema.check(schema); // an Open vSwitch too old (or too new) fails here, naming each column
            LocalSwitch sw = new LocalSwitch(client, applyTimeout, new Replica(schema));
            sw.replica.addListener(changes -> sw.release());
            List<MonitorRequest> requests = List.of(
                    MonitorRequest.of(OpenVSwitch.TABLE).columns(OpenVSwitch.CUR_CFG.name(), OpenVSwitch.NEXT_CFG.name()),
                    MonitorRequest.of(Bridge.TABLE).columns(Bridge.NAME.name(), Bridge.PORTS.name()),
                    MonitorRequest.of(Port.TABLE).columns(Port.NAME.name(), Port.TAG.name(), Port.EXTERNAL_IDS.name()));
            return client.monitor(DATABASE, requests, sw.replica).thenApply(m -> {
                sw.monitor = m;
                return sw;
            });
        });
    }

    /**
     * The rows of {@code table} as the monitor has them: {@code Open_vSwitch} (cur_cfg, next_cfg),
     * {@code Bridge} (name, ports) and {@code Port} (name, tag, external_ids), other columns absent.
     * Changes this switch committed are in it once {@link #reconfigure} completed.
     */
    Collection<Row> monitored(String table) {
        return replica.table(table).values();
    }

    /**
     * Has {@code listener} run after every change of the monitored replica (including the refill
     * after a reconnect, which reports only what differs). It runs on the OVSDB client's I/O
     * thread and must not block.
     */
    public void onChange(Runnable listener) {
        replica.addListener(changes -> listener.run());
    }

    public OvsdbClient client() {
        return client;
    }

    /** Sends {@code tx} as it is; for reads and for changes ovs-vswitchd does not act on. */
    public CompletableFuture<TransactionResult> transact(Transaction tx) {
        return client.transact(tx);
    }

    /**
     * Commits {@code tx} with {@code next_cfg} incremented and completes when ovs-vswitchd has
     * applied it ({@code cur_cfg >= next_cfg}). As idempotent as the operations of {@code tx}.
     * Fails with an {@link OvsdbException} ("vswitchd timeout", retryable) when ovs-vswitchd does
     * not catch up within the apply timeout; the transaction is committed then all the same.
     */
    public CompletableFuture<TransactionResult> reconfigure(Transaction tx) {
        return commit(tx).thenCompose(c -> c.applied().thenApply(v -> c.result()));
    }

    /**
     * A transaction the server committed, and ovs-vswitchd's application of it.
     *
     * @param applied completes when ovs-vswitchd has applied the transaction; fails as
     *     {@link #reconfigure} does
     */
    public record Commit(TransactionResult result, CompletableFuture<Void> applied) {}

    /**
     * Like {@link #reconfigure}, but completes as soon as the server committed {@code tx}, with
     * the application still to come: for callers that need the change durable now and applied
     * only later (a removal that nothing waits for, say).
     */
    public CompletableFuture<Commit> commit(Transaction tx) {
        tx.add(Mutate.table(OpenVSwitch.TABLE).mutation(Mutation.sum(OpenVSwitch.NEXT_CFG.name(), 1L)));
        Handle<List<Row>> cfg = tx.add(Select.from(OpenVSwitch.TABLE).columns(OpenVSwitch.NEXT_CFG.name()));
        return client.transact(tx).thenCompose(result -> {
            List<Row> rows = result.get(cfg);
            if (rows.isEmpty()) {
                return CompletableFuture.failedFuture(new OvsdbException("no Open_vSwitch row",
                        "the database was never initialised; run ovs-vsctl init", false));
            }
            long target = new OpenVSwitch(rows.get(0)).nextCfg();
            return CompletableFuture.completedFuture(new Commit(result, applied(target)));
        });
    }

    /** Completes when {@code cur_cfg} reaches {@code cfg}. */
    private CompletableFuture<Void> applied(long cfg) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        synchronized (waiters) {
            waiters.add(new Waiter(cfg, applied));
        }
        release();
        return applied.orTimeout(applyTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            synchronized (waiters) {
                waiters.removeIf(w -> w.applied == applied);
            }
            if (e instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new OvsdbException("vswitchd timeout",
                        "ovs-vswitchd did not apply configuration " + cfg + " within " + applyTimeout
                                + " (cur_cfg " + curCfg() + "); is ovs-vswitchd running?", true));
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    /** Completes the waiters whose configuration ovs-vswitchd has applied. */
    private void release() {
        long cur = curCfg();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (waiters) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.cfg <= cur) {
                    it.remove();
                    done.add(w.applied);
                }
            }
        }
        done.forEach(f -> f.complete(null));
    }

    private long curCfg() {
        return replica.table(OpenVSwitch.TABLE).values().stream()
                .mapToLong(row -> new OpenVSwitch(row).curCfg())
                .max()
                .orElse(Long.MIN_VALUE);
    }

    /** Stops watching; the client stays open. Idempotent. */
    @Override
    public void close() {
        if (monitor != null) {
            monitor.cancel();
        }
    }
}
