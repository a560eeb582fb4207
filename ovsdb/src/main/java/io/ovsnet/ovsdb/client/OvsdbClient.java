package io.ovsnet.ovsdb.client;

import static io.ovsnet.ovsdb.Failures.unwrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.jsonrpc.ConnectionClosedException;
import io.ovsnet.ovsdb.jsonrpc.JsonRpcConnection;
import io.ovsnet.ovsdb.jsonrpc.JsonRpcErrorException;
import io.ovsnet.ovsdb.jsonrpc.JsonRpcRequest;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.TableUpdates;
import io.ovsnet.ovsdb.monitor.UpdateFormat;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.transport.Connector;
import io.ovsnet.ovsdb.transport.Remote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one OVSDB server, or of a cluster's members (RFC 7047 and the Open vSwitch
 * extensions of ovsdb-server(7)).
 *
 * <h2>Connection</h2>
 * {@link #connect} tries the remotes in turn. After connecting it monitors the server's
 * {@code _Server} database, as OVS's own clients do: a server that is not the leader of a
 * clustered database (unless {@link ClientOptions.Builder#anyMember()}), is not connected to its
 * cluster, or is behind a member seen before, is left for the next remote. When the connection
 * drops or the server stops being the leader, the client reconnects, trying the next remotes at
 * once and, once all have failed, after a jittered exponential backoff (bounded by
 * {@link ClientOptions#maxBackoff()}), until {@link #close()}.
 *
 * <h2>Failures</h2>
 * Every method returns a future; none is null, none is left pending or cancelled. It fails with
 * an {@link OvsdbException} as cause: {@link ConnectionClosedException} (retryable) when the
 * client is not connected at the moment of the call or the connection is lost before the reply,
 * {@link io.ovsnet.ovsdb.jsonrpc.CallTimeoutException} (retryable) after the call timeout,
 * {@link JsonRpcErrorException} for an error reply, and
 * {@link io.ovsnet.ovsdb.operation.TransactionException} for a refused transaction. Calls are
 * never re-sent by the client: a {@code transact} whose connection was lost may or may not have
 * committed, and only the caller knows whether sending it again is safe.
 *
 * <h2>Monitors</h2>
 * {@link #monitor} keeps a {@link Replica} equal to the monitored tables. It uses
 * {@code monitor_cond_since} when the server has it, else {@code monitor_cond}, else
 * {@code monitor}. After a reconnect it re-registers every monitor; with
 * {@code monitor_cond_since} the server sends only what changed after the replica's last
 * transaction id, or, if it no longer has that id, the replica is reset and refilled, so no update
 * is lost or applied twice.
 *
 * <h2>Threads</h2>
 * Futures complete, replicas are updated and listeners run on one callback thread of this client,
 * in the order the server sent the messages. That thread is the client's I/O thread (no hand-off
 * between reading a reply and completing its future), so code running there must not block: not
 * on another call of this client (use the future's composition methods instead), and not for long
 * on anything else, as the connection is not read meanwhile.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbClient.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SERVER_DATABASE = "_Server";
    private static final JsonNode SERVER_MONITOR_ID = TextNode.valueOf("ovsnet-server");
    private static final String NO_TRANSACTION = "00000000-0000-0000-0000-000000000000";

    private final ClientOptions options;
    private final Connector connector;
    private final Executor callbacks;
    private final CompletableFuture<OvsdbClient> connected = new CompletableFuture<>();
    private final Map<String, Monitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final Map<CompletableFuture<?>, Call> cancellable = new ConcurrentHashMap<>();
    private final AtomicLong monitorIds = new AtomicLong();
    private final Backoff backoff;
    private volatile Session session;
    private volatile boolean closed;
    private volatile boolean dbChangeAware;

    // Touched only on the callback thread.
    private int failedAttempts;
    private int nextRemote;
    private Throwable lastFailure;
    private final Map<String, Long> highestIndex = new HashMap<>();

    private OvsdbClient(ClientOptions options) {
        this.options = options;
        this.backoff = new Backoff(options.minBackoff(), options.maxBackoff());
        this.connector = new Connector(options.connectTimeout(), options.tls());
        this.callbacks = connector.executor();
    }

    /**
     * Connects to the first usable remote. The future fails (and the client is closed) if none
     * was usable within {@link ClientOptions#connectTimeout()}, or, with
     * {@link ClientOptions.Builder#failFast()}, as soon as each remote has failed once.
     */
    public static CompletableFuture<OvsdbClient> connect(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        OvsdbClient client = new OvsdbClient(options);
        client.connector.schedule(() -> client.runOnCallbackThread(client::connectDeadline), options.connectTimeout());
        client.runOnCallbackThread(client::attempt);
        return client.connected.thenApply(c -> c);
    }

    /** Whether a connection to a usable server is up now. */
    public boolean isConnected() {
        return session != null;
    }

    /** The remote of the current connection, if connected. */
    public Optional<Remote> remote() {
        Session s = session;
        return s == null ? Optional.empty() : Optional.of(s.remote);
    }

    /** The server's databases ({@code list_dbs}). Idempotent. */
    public CompletableFuture<List<String>> listDbs() {
        return call("list_dbs", JSON.arrayNode()).thenApply(result -> {
            List<String> names = new ArrayList<>();
            result.forEach(name -> names.add(name.asText()));
            return List.copyOf(names);
        });
    }

    /** The schema of one database ({@code get_schema}). Idempotent. */
    public CompletableFuture<DatabaseSchema> getSchema(String database) {
        return call("get_schema", JSON.arrayNode().add(database)).thenApply(DatabaseSchema::parse);
    }

    /**
     * Sends the transaction ({@code transact}) and reads its result. As idempotent as the
     * operations in it. Never re-sent by this client: if the connection is lost before the reply,
     * the future fails with a retryable {@link ConnectionClosedException} and the transaction may
     * or may not have committed.
     */
    public CompletableFuture<TransactionResult> transact(Transaction transaction) {
        Session s = session;
        if (s == null) {
            return notConnected("transact");
        }
        JsonNode id = s.rpc.newId();
        CompletableFuture<TransactionResult> result = s.rpc
                .call(new JsonRpcRequest(id, "transact", transaction.params()), options.callTimeout())
                .thenApply(transaction::result);
        cancellable.put(result, new Call(s, id));
        result.whenComplete((r, e) -> cancellable.remove(result));
        return result;
    }

    /**
     * Asks the server to cancel an outstanding {@link #transact} ({@code cancel}, RFC 7047 section
     * 4.1.4): the server then answers it with the error {@code "canceled"}, unless it completed
     * first. Returns whether the request was sent (false if that call is not outstanding on the
     * current connection). Idempotent. Note: ovsdb-server 3.1 was seen to ignore {@code cancel}
     * for a transaction blocked in a {@code wait}; the call then ends with its result or its
     * timeout as if never cancelled.
     */
    public boolean cancel(CompletableFuture<TransactionResult> transaction) {
        Call call = cancellable.get(transaction);
        if (call == null || call.session != session) {
            return false;
        }
        call.session.rpc.sendNotification("cancel", JSON.arrayNode().add(call.id));
        return true;
    }

    /**
     * Starts a monitor that keeps {@code replica} equal to the tables named in {@code requests}.
     * The future completes once the replica holds the initial state. Not idempotent: each call
     * registers another monitor.
     */
    public CompletableFuture<Monitor> monitor(String database, Collection<MonitorRequest> requests, Replica replica) {
        Session s = session;
        if (s == null) {
            return notConnected("monitor");
        }
        Monitor monitor = new Monitor(this, database,
                TextNode.valueOf("ovsnet-monitor-" + monitorIds.incrementAndGet()), List.copyOf(requests), replica);
        monitors.put(monitor.id().asText(), monitor);
        return onCallbackThread(() -> start(s, monitor)).handle((ok, failure) -> {
            if (failure != null) {
                monitors.remove(monitor.id().asText());
                throw asCompletion(failure);
            }
            return monitor;
        });
    }

    /** {@code monitor_cancel}; see {@link Monitor#cancel()}. */
    CompletableFuture<Void> cancel(Monitor monitor) {
        if (monitors.remove(monitor.id().asText()) == null) {
            return CompletableFuture.completedFuture(null);
        }
        Session s = session;
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        return s.rpc.call("monitor_cancel", JSON.arrayNode().add(monitor.id())).handle((r, failure) -> {
            if (failure != null && !(unwrap(failure) instanceof ConnectionClosedException)) {
                throw asCompletion(failure);
            }
            return null;
        });
    }

    /**
     * Asks for the lock ({@code lock}). The future completes with the lock once the server has
     * answered; {@link Lock#acquired()} completes when it is granted, which may be at once or
     * after its holder releases it. Idempotent: asking again for a lock this client already
     * asked for returns the same {@link Lock} without a new request. The name must be an
     * {@code <id>} (letters, digits, underscores).
     */
    public CompletableFuture<Lock> lock(String name) {
        Lock existing = locks.get(name);
        return existing != null ? CompletableFuture.completedFuture(existing) : lockRequest("lock", name);
    }

    /**
     * Takes the lock from its holder ({@code steal}); the former holder is sent {@code stolen}.
     * A pending {@link #lock} request of this client for the same name is withdrawn first (the
     * server requires that). Idempotent: stealing a lock already held just returns it.
     */
    public CompletableFuture<Lock> steal(String name) {
        Lock existing = locks.get(name);
        if (existing == null) {
            return lockRequest("steal", name);
        }
        if (existing.isHeld()) {
            return CompletableFuture.completedFuture(existing);
        }
        return call("unlock", JSON.arrayNode().add(name)).thenCompose(r -> lockRequest("steal", name));
    }

    /** Releases the lock, or withdraws the request for it ({@code unlock}). Idempotent. */
    public CompletableFuture<Void> unlock(String name) {
        Lock lock = locks.remove(name);
        if (lock == null) {
            return CompletableFuture.completedFuture(null);
        }
        lock.markLost();
        return call("unlock", JSON.arrayNode().add(name)).thenApply(r -> null);
    }

    /** A round trip to the server ({@code echo}). Idempotent. */
    public CompletableFuture<Void> echo() {
        ArrayNode params = JSON.arrayNode().add("ovsnet");
        return call("echo", params).thenApply(result -> {
            if (!params.equals(result)) {
                throw new OvsdbException("protocol error", "echo returned " + result + " for " + params, false);
            }
            return null;
        });
    }

    /**
     * Tells the server that this client understands database changes
     * ({@code set_db_change_aware}): the server then cancels affected monitors with
     * {@code monitor_canceled} instead of closing the connection, and this client re-registers
     * them. Kept across reconnects. Idempotent.
     */
    public CompletableFuture<Void> setDbChangeAware() {
        dbChangeAware = true;
        return call("set_db_change_aware", JSON.arrayNode().add(true)).thenApply(r -> null);
    }

    /** Closes the connection and stops reconnecting; outstanding calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Session s = session;
        session = null;
        if (s != null) {
            s.rpc.close();
        }
        connected.completeExceptionally(new ConnectionClosedException("client closed"));
        connector.close();
        LOG.debug("ovsdb client closed remotes={}", options.remotes());
    }

    // --- calls ---------------------------------------------------------------------------------

    private CompletableFuture<JsonNode> call(String method, JsonNode params) {
        Session s = session;
        if (s == null) {
            return notConnected(method);
        }
        return s.rpc.call(method, params);
    }

    private <T> CompletableFuture<T> notConnected(String method) {
        String why = closed ? "the client is closed" : "not connected to " + remotesText() + " (reconnecting)";
        return CompletableFuture.failedFuture(new ConnectionClosedException(method + " not sent: " + why));
    }

    private CompletableFuture<Lock> lockRequest(String method, String name) {
        Lock lock = locks.computeIfAbsent(name, Lock::new);
        return onCallbackThread(() -> call(method, JSON.arrayNode().add(name)).thenApply(result -> {
            if (result.path("locked").asBoolean()) {
                lock.markHeld();
            }
            return lock;
        }));
    }

    /**
     * Runs {@code call} (which sends a request and attaches the reply's handling) on the callback
     * thread. The reply's completion is queued on that thread only after this task, so the
     * handling runs before any notification that the server sent after the reply.
     */
    private <T> CompletableFuture<T> onCallbackThread(Supplier<CompletableFuture<T>> call) {
        try {
            return CompletableFuture.supplyAsync(call, callbacks).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return notConnected("call");
        }
    }

    // --- monitors ------------------------------------------------------------------------------

    private CompletableFuture<Void> start(Session s, Monitor monitor) {
        UpdateFormat format = s.monitorFormat;
        ArrayNode params = JSON.arrayNode()
                .add(monitor.database())
                .add(monitor.id())
                .add(MonitorRequest.requests(monitor.requests(), format));
        if (format == UpdateFormat.UPDATE3) {
            params.add(monitor.replica().lastTransactionId().orElse(NO_TRANSACTION));
        }
        return s.rpc.call(format.requestMethod(), params).handle((result, failure) -> {
            if (failure == null) {
                applyInitial(monitor, format, result);
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (isUnknownMethod(failure) && format != UpdateFormat.UPDATE) {
                s.monitorFormat = format == UpdateFormat.UPDATE3 ? UpdateFormat.UPDATE2 : UpdateFormat.UPDATE;
                LOG.info("ovsdb server lacks monitor method, falling back remote={} method={} fallback={}",
                        s.remote, format.requestMethod(), s.monitorFormat.requestMethod());
                return start(s, monitor);
            }
            return CompletableFuture.<Void>failedFuture(unwrap(failure));
        }).thenCompose(f -> f);
    }

    private void applyInitial(Monitor monitor, UpdateFormat format, JsonNode result) {
        Replica replica = monitor.replica();
        monitor.format(format);
        if (format == UpdateFormat.UPDATE3) {
            boolean found = result.get(0).asBoolean();
            String lastId = result.get(1).asText();
            if (!found) {
                replica.reset();
            }
            replica.apply(TableUpdates.parse(result.get(2), format));
            replica.lastTransactionId(lastId);
            LOG.debug("ovsdb monitor started monitor={} method={} found={} lastTxn={}",
                    monitor.id(), format.requestMethod(), found, lastId);
        } else {
            replica.reset();
            replica.apply(TableUpdates.parse(result, format));
            LOG.debug("ovsdb monitor started monitor={} method={}", monitor.id(), format.requestMethod());
        }
    }

    private void onMonitorUpdate(Session s, UpdateFormat format, JsonNode params) {
        if (s != session) {
            return;
        }
        Monitor monitor = monitors.get(params.path(0).asText());
        if (monitor == null) {
            LOG.debug("ovsdb update for unknown monitor id={}", params.path(0));
            return;
        }
        try {
            if (format == UpdateFormat.UPDATE3) {
                monitor.replica().apply(TableUpdates.parse(params.get(2), format));
                monitor.replica().lastTransactionId(params.get(1).asText());
            } else {
                monitor.replica().apply(TableUpdates.parse(params.get(1), format));
            }
        } catch (OvsdbException e) {
            LOG.warn("ovsdb monitor update does not fit the replica, resynchronising monitor={} reason={}",
                    monitor.id(), e.getMessage());
            monitor.replica().reset();
            s.rpc.call("monitor_cancel", JSON.arrayNode().add(monitor.id()))
                    .handle((r, failure) -> null)
                    .thenCompose(r -> start(s, monitor))
                    .whenComplete((ok, failure) -> logResumeFailure(monitor, failure));
        }
    }

    private void onMonitorCanceled(Session s, JsonNode params) {
        Monitor monitor = monitors.get(params.path(0).asText());
        if (s != session || monitor == null) {
            return;
        }
        LOG.info("ovsdb server canceled monitor, restarting monitor={} database={}", monitor.id(), monitor.database());
        monitor.replica().reset();
        start(s, monitor).whenComplete((ok, failure) -> logResumeFailure(monitor, failure));
    }

    // --- connection state machine (callback thread) ---------------------------------------------

    private void attempt() {
        if (closed) {
            return;
        }
        List<Remote> remotes = options.remotes();
        Remote remote = remotes.get(nextRemote++ % remotes.size());
        AtomicReference<Session> opened = new AtomicReference<>();
        LOG.debug("ovsdb connecting remote={}", remote);
        connector.connect(remote, channel -> opened.set(new Session(remote,
                        JsonRpcConnection.open(channel, options.jsonRpcOptions(), callbacks))))
                .thenCompose(channel -> checkServer(opened.get()))
                .whenCompleteAsync((s, failure) -> {
                    if (failure == null) {
                        established(s);
                    } else {
                        if (opened.get() != null) {
                            opened.get().rpc.close();
                        }
                        attemptFailed(remote, unwrap(failure));
                    }
                }, callbacks);
    }

    private CompletableFuture<Session> checkServer(Session s) {
        ObjectNode request = JSON.objectNode();
        ArrayNode columns = request.putObject("Database").putArray("columns");
        for (String column : ServerDatabase.COLUMNS) {
            columns.add(column);
        }
        ArrayNode params = JSON.arrayNode().add(SERVER_DATABASE).add(SERVER_MONITOR_ID).add(request);
        return s.rpc.call("monitor", params).handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (cause instanceof JsonRpcErrorException e && e.error().equals("unknown database")) {
                    LOG.debug("ovsdb server has no _Server database, accepting it remote={}", s.remote);
                    return s;
                }
                throw asCompletion(cause);
            }
            s.mergeServerUpdates(result); // established() decides whether the server is usable
            return s;
        });
    }

    /** Why the server cannot be used now, per its _Server rows; empty when usable. */
    private Optional<String> unusable(Session s) {
        for (ServerDatabase db : s.serverDatabases.values()) {
            if (!db.isClustered()) {
                continue;
            }
            if (!db.connected()) {
                return Optional.of("is not connected to the cluster of database " + db.name());
            }
            if (options.leaderOnly() && !db.leader()) {
                return Optional.of("is not the leader of database " + db.name());
            }
            if (db.clusterId().isPresent() && db.index().isPresent()) {
                long highest = highestIndex.getOrDefault(db.clusterId().get(), 0L);
                if (db.index().getAsLong() < highest) {
                    return Optional.of("is behind (index " + db.index().getAsLong() + " < " + highest
                            + ") for database " + db.name());
                }
                highestIndex.put(db.clusterId().get(), db.index().getAsLong());
            }
        }
        return Optional.empty();
    }

    private void established(Session s) {
        if (closed) {
            s.rpc.close();
            return;
        }
        Optional<String> problem = unusable(s);
        if (problem.isPresent()) {
            s.rpc.close();
            attemptFailed(s.remote, new NotLeaderException(s.remote + " " + problem.get()));
            return;
        }
        failedAttempts = 0;
        session = s;
        LOG.info("ovsdb connected remote={}", s.remote);
        s.rpc.closeFuture().thenAccept(cause -> disconnected(s, cause));
        if (dbChangeAware) {
            s.rpc.call("set_db_change_aware", JSON.arrayNode().add(true));
        }
        for (Monitor monitor : monitors.values()) {
            start(s, monitor).whenComplete((ok, failure) -> logResumeFailure(monitor, failure));
        }
        for (Lock lock : locks.values()) {
            lockRequest("lock", lock.name()).whenComplete((l, failure) -> {
                if (failure != null) {
                    LOG.warn("ovsdb lock request after reconnect failed lock={} reason={}", lock.name(), failure.getMessage());
                }
            });
        }
        connected.complete(this);
    }

    private void logResumeFailure(Monitor monitor, Throwable failure) {
        if (failure != null) {
            LOG.warn("ovsdb monitor restart failed monitor={} database={} reason={}",
                    monitor.id(), monitor.database(), unwrap(failure).getMessage());
        }
    }

    private void disconnected(Session s, OvsdbException cause) {
        if (session != s) {
            return;
        }
        session = null;
        locks.values().forEach(Lock::markLost);
        if (closed) {
            return;
        }
        LOG.warn("ovsdb connection lost remote={} reason={}", s.remote, cause.getMessage());
        scheduleAttempt();
    }

    private void attemptFailed(Remote remote, Throwable cause) {
        failedAttempts++;
        LOG.info("ovsdb connection attempt failed remote={} attempt={} reason={}", remote, failedAttempts, cause.getMessage());
        lastFailure = cause;
        if (options.failFast() && !connected.isDone() && failedAttempts >= options.remotes().size()) {
            giveUp("after one attempt each");
            return;
        }
        scheduleAttempt();
    }

    private void scheduleAttempt() {
        if (closed) {
            return;
        }
        int round = failedAttempts / options.remotes().size();
        if (failedAttempts == 0 || failedAttempts % options.remotes().size() != 0) {
            runOnCallbackThread(this::attempt);
            return;
        }
        Duration delay = backoff.delay(round);
        LOG.debug("ovsdb reconnect backoff delay={} round={}", delay, round);
        connector.schedule(() -> runOnCallbackThread(this::attempt), delay);
    }

    private void runOnCallbackThread(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("ovsdb client closed, task dropped remotes={}", options.remotes());
        }
    }

    private void connectDeadline() {
        giveUp("within " + options.connectTimeout());
    }

    /** Fails {@link #connect} (unless it completed) with the last attempt's failure, and closes. */
    private void giveUp(String when) {
        if (connected.isDone()) {
            return;
        }
        Throwable last = lastFailure;
        OvsdbException failure = last instanceof NotLeaderException notLeader
                ? new NotLeaderException("no usable server among " + remotesText() + " " + when + ": "
                        + notLeader.details().orElse(""))
                : new ConnectionClosedException("cannot connect to " + remotesText() + " " + when
                        + (last == null ? "" : ": " + last.getMessage()), last);
        connected.completeExceptionally(failure);
        close();
    }

    private String remotesText() {
        return options.remotes().stream().map(Remote::toString).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static boolean isUnknownMethod(Throwable failure) {
        return unwrap(failure) instanceof JsonRpcErrorException e && e.error().equals("unknown method");
    }

    private static CompletionException asCompletion(Throwable failure) {
        return failure instanceof CompletionException c ? c : new CompletionException(unwrap(failure));
    }

    /** One connection, from the first attempt on. */
    private final class Session {
        final Remote remote;
        final JsonRpcConnection rpc;
        final Map<String, ServerDatabase> serverDatabases = new HashMap<>();
        volatile UpdateFormat monitorFormat = UpdateFormat.UPDATE3;

        Session(Remote remote, JsonRpcConnection rpc) {
            this.remote = remote;
            this.rpc = rpc;
            rpc.onNotification("update", params -> {
                if (SERVER_MONITOR_ID.equals(params.path(0))) {
                    onServerUpdate(params.get(1));
                } else {
                    onMonitorUpdate(this, UpdateFormat.UPDATE, params);
                }
            });
            rpc.onNotification("update2", params -> onMonitorUpdate(this, UpdateFormat.UPDATE2, params));
            rpc.onNotification("update3", params -> onMonitorUpdate(this, UpdateFormat.UPDATE3, params));
            rpc.onNotification("monitor_canceled", params -> onMonitorCanceled(this, params));
            rpc.onNotification("locked", params -> {
                Lock lock = locks.get(params.path(0).asText());
                if (lock != null && session == this) {
                    lock.markHeld();
                }
            });
            rpc.onNotification("stolen", params -> {
                Lock lock = locks.get(params.path(0).asText());
                if (lock != null && session == this) {
                    lock.markLost();
                }
            });
        }

        void mergeServerUpdates(JsonNode updates) {
            updates.path("Database").fields().forEachRemaining(row -> {
                JsonNode next = row.getValue().get("new");
                if (next == null || next.isNull()) {
                    serverDatabases.remove(row.getKey());
                } else {
                    serverDatabases.put(row.getKey(), ServerDatabase.fromJson(next));
                }
            });
        }

        private void onServerUpdate(JsonNode updates) {
            mergeServerUpdates(updates);
            if (session != this) {
                return;
            }
            Optional<String> problem = unusable(this);
            if (problem.isPresent()) {
                LOG.info("ovsdb leaving server remote={} reason={}", remote, problem.get());
                rpc.close();
            }
        }
    }

    private record Call(Session session, JsonNode id) {
    }
}
