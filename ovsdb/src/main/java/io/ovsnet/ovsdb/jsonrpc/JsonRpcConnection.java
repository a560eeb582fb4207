package io.ovsnet.ovsdb.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.ovsnet.ovsdb.OvsdbException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC 1.0 session over a Netty {@link Channel} (RFC 7047 section 4.1): a stream of JSON
 * objects without length prefix, framed by {@link JsonObjectDecoder}.
 *
 * <ul>
 *   <li>Every call gets a future that completes with the reply's {@code "result"}, or fails with
 *       {@link JsonRpcErrorException} (an {@code "error"} reply), {@link CallTimeoutException} (no
 *       reply within the timeout) or {@link ConnectionClosedException} (the channel closed first,
 *       or it was closed already). A future is never left pending and never cancelled.</li>
 *   <li>Incoming {@code echo} requests are answered. After {@link JsonRpcOptions#probeInterval()}
 *       without input an {@code echo} is sent; if that gets no reply in another interval the
 *       connection is closed as dead.</li>
 *   <li>Notifications (requests with id {@code null}: {@code update}, {@code update2},
 *       {@code update3}, {@code locked}, {@code stolen}, ...) go to the handler registered for
 *       their method.</li>
 *   <li>Garbage input or a message longer than {@link JsonRpcOptions#maxMessageBytes()} closes
 *       the connection, and the pending calls fail with a {@link ConnectionClosedException} whose
 *       details say why.</li>
 * </ul>
 *
 * <p>Futures are completed, and notification handlers run, on the {@code callbacks} executor, in
 * the order the messages arrived (when that executor runs tasks in order). Code running there
 * must not block waiting for another reply of the same connection.
 *
 * <p>Thread-safe: calls may be made from any thread.
 */
public final class JsonRpcConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcConnection.class);

    private final Channel channel;
    private final JsonRpcOptions options;
    private final Executor callbacks;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> notificationHandlers = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean probeOutstanding = new AtomicBoolean();
    private final AtomicReference<OvsdbException> closeCause = new AtomicReference<>();
    private final CompletableFuture<OvsdbException> closed = new CompletableFuture<>();
    private volatile boolean open = true;
    /** The remote address last seen, for messages written after the channel lost it. */
    private volatile String lastPeer;

    private JsonRpcConnection(Channel channel, JsonRpcOptions options, Executor callbacks) {
        this.channel = channel;
        this.options = options;
        this.callbacks = callbacks;
    }

    /**
     * Appends the JSON-RPC handlers to the channel's pipeline (after any TLS handler already in
     * it) and returns the connection. Call it before the channel becomes active, or at least
     * before the peer can send anything.
     */
    public static JsonRpcConnection open(Channel channel, JsonRpcOptions options, Executor callbacks) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(callbacks, "callbacks");
        JsonRpcConnection connection = new JsonRpcConnection(channel, options, callbacks);
        ChannelPipeline pipeline = channel.pipeline();
        if (!options.probeInterval().isZero()) {
            pipeline.addLast("idle", new IdleStateHandler(options.probeInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("framing", new JsonObjectDecoder(options.maxMessageBytes()));
        pipeline.addLast("json", new JsonMessageCodec());
        pipeline.addLast("jsonrpc", connection.new Handler());
        if (!channel.isOpen()) {
            connection.onClosed();
        }
        return connection;
    }

    /** Sends a request with a fresh id and the default timeout; see {@link #call(JsonRpcRequest, Duration)}. */
    public CompletableFuture<JsonNode> call(String method, JsonNode params) {
        return call(new JsonRpcRequest(newId(), method, params), options.callTimeout());
    }

    /**
     * Sends a request and returns its reply's {@code "result"}. A request whose id equals the id
     * of a call still outstanding is refused (the future fails, nothing is sent). Not idempotent
     * in general: what the server does depends on the method.
     */
    public CompletableFuture<JsonNode> call(JsonRpcRequest request, Duration timeout) {
        if (request.isNotification()) {
            throw new IllegalArgumentException("a call needs an id; use sendNotification()");
        }
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        String key = idKey(request.id());
        PendingCall call = new PendingCall(request.method(), future);
        if (pending.putIfAbsent(key, call) != null) {
            future.completeExceptionally(new OvsdbException("duplicate id",
                    "a call with id " + key + " is still outstanding", false));
            return future;
        }
        if (!open) {
            finish(key, call, closedException());
            return future;
        }
        send(new Outgoing(request.toJson(), key, call, timeout));
        return future;
    }

    /**
     * Queues a message for the event loop. Messages queued while a drain is pending go out with
     * it and one flush: a caller pays one hand-off to the event loop per burst, not per message.
     * On the event loop itself the message goes out at once.
     */
    private void send(Outgoing message) {
        outbox.add(message);
        if (channel.eventLoop().inEventLoop()) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failQueued(new ConnectionClosedException("connection to " + peer() + " closed: its event loop stopped", e));
            }
        }
    }

    /** On the event loop: writes every queued message, arms the reply timers, flushes once. */
    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        for (Outgoing message = outbox.poll(); message != null; message = outbox.poll()) {
            if (message.call() == null) {
                channel.write(message.json());
                wrote = true;
                continue;
            }
            String key = message.key();
            PendingCall call = message.call();
            if (pending.get(key) != call) {
                continue;
            }
            String method = call.method;
            Duration timeout = message.timeout();
            call.timer = channel.eventLoop().schedule(() -> finish(key, call, new CallTimeoutException(
                    "no reply to " + method + " id=" + key + " within " + timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            channel.write(message.json()).addListener(write -> {
                if (!write.isSuccess()) {
                    finish(key, call, new ConnectionClosedException(
                            "sending " + method + " failed: " + write.cause(), write.cause()));
                }
            });
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void failQueued(OvsdbException cause) {
        for (Outgoing message = outbox.poll(); message != null; message = outbox.poll()) {
            if (message.call() != null) {
                finish(message.key(), message.call(), cause);
            }
        }
    }

    /**
     * A fresh request id that this connection never hands out again, for a caller that needs to
     * know the id of its call (to {@code cancel} it, RFC 7047 section 4.1.4).
     */
    public JsonNode newId() {
        return LongNode.valueOf(nextId.incrementAndGet());
    }

    /** Sends a notification (no reply expected), such as {@code cancel}. Fire and forget. */
    public void sendNotification(String method, JsonNode params) {
        if (open) {
            send(new Outgoing(JsonRpcRequest.notification(method, params).toJson(), null, null, null));
        }
    }

    /**
     * Registers the handler for notifications of one method; it receives the {@code "params"}.
     * Replaces an earlier handler of the same method.
     */
    public void onNotification(String method, Consumer<JsonNode> handler) {
        notificationHandlers.put(method, handler);
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Completes, with the reason as a {@link ConnectionClosedException}, once the connection is
     * closed and every pending call has been failed.
     */
    public CompletableFuture<OvsdbException> closeFuture() {
        return closed;
    }

    /** A description of the peer, for logs and messages. */
    public String peer() {
        // A closed channel, and a unix-socket channel of the NIO transport, has no remote address.
        Object address = channel.remoteAddress();
        if (address != null) {
            lastPeer = address.toString();
        }
        return lastPeer != null ? lastPeer : "the server";
    }

    /** Closes the connection; pending calls fail with {@link ConnectionClosedException}. Idempotent. */
    @Override
    public void close() {
        closeWith(new ConnectionClosedException("closed by this client"));
    }

    private void closeWith(OvsdbException cause) {
        closeCause.compareAndSet(null, cause);
        channel.close();
    }

    private OvsdbException closedException() {
        OvsdbException cause = closeCause.get();
        return cause != null ? cause : new ConnectionClosedException("connection to " + peer() + " closed by peer");
    }

    private void onClosed() {
        if (!open) {
            return;
        }
        closeCause.compareAndSet(null, new ConnectionClosedException("connection to " + peer() + " closed by peer"));
        open = false;
        OvsdbException cause = closeCause.get();
        LOG.debug("jsonrpc connection closed peer={} pending={} reason={}", peer(), pending.size(), cause.getMessage());
        pending.forEach((key, call) -> finish(key, call, cause));
        dispatch(() -> closed.complete(cause));
    }

    private void finish(String key, PendingCall call, OvsdbException failure) {
        if (pending.remove(key, call)) {
            call.cancelTimer();
            dispatch(() -> call.future.completeExceptionally(failure));
        }
    }

    private void dispatch(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void onMessage(ChannelHandlerContext ctx, JsonNode message) {
        if (!message.isObject()) {
            throw new CorruptedFrameException("JSON-RPC message is not an object: " + abbreviate(message));
        }
        JsonNode method = message.get("method");
        if (method != null && !method.isNull()) {
            onRequest(ctx, message, method.asText());
        } else if (message.has("id")) {
            onResponse(message);
        } else {
            throw new CorruptedFrameException("JSON-RPC message is neither request nor response: " + abbreviate(message));
        }
    }

    private void onRequest(ChannelHandlerContext ctx, JsonNode message, String method) {
        JsonNode id = message.path("id");
        JsonNode params = message.has("params") ? message.get("params") : JsonNodeFactory.instance.arrayNode();
        if (id.isNull() || id.isMissingNode()) {
            Consumer<JsonNode> handler = notificationHandlers.get(method);
            if (handler == null) {
                LOG.debug("jsonrpc notification without handler peer={} method={}", peer(), method);
                return;
            }
            dispatch(() -> {
                try {
                    handler.accept(params);
                } catch (RuntimeException e) {
                    LOG.warn("jsonrpc notification handler failed peer={} method={}", peer(), method, e);
                }
            });
            return;
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("id", id);
        if (method.equals("echo")) {
            reply.set("result", params);
            reply.set("error", NullNode.getInstance());
        } else {
            LOG.debug("jsonrpc request of unknown method peer={} method={}", peer(), method);
            reply.set("result", NullNode.getInstance());
            reply.put("error", "unknown method");
        }
        ctx.writeAndFlush(reply);
    }

    private void onResponse(JsonNode message) {
        String key = idKey(message.get("id"));
        PendingCall call = pending.remove(key);
        if (call == null) {
            LOG.debug("jsonrpc reply to no outstanding call peer={} id={}", peer(), key);
            return;
        }
        call.cancelTimer();
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            JsonRpcErrorException failure = JsonRpcErrorException.of(error);
            dispatch(() -> call.future.completeExceptionally(failure));
        } else {
            JsonNode result = message.has("result") ? message.get("result") : NullNode.getInstance();
            dispatch(() -> call.future.complete(result));
        }
    }

    private void onIdle() {
        if (!probeOutstanding.compareAndSet(false, true)) {
            return;
        }
        ArrayNode params = JsonNodeFactory.instance.arrayNode();
        call(new JsonRpcRequest(newId(), "echo", params), options.probeInterval())
                .whenComplete((result, failure) -> {
                    probeOutstanding.set(false);
                    if (failure instanceof CallTimeoutException) {
                        LOG.warn("jsonrpc inactivity probe unanswered, closing peer={} interval={}",
                                peer(), options.probeInterval());
                        closeWith(new ConnectionClosedException("connection to " + peer()
                                + " is dead: no reply to echo within " + options.probeInterval()));
                    }
                });
    }

    /**
     * The key of a call in {@link #pending}: equal for equal JSON ids (a number and a string
     * never collide). Avoids {@code JsonNode#toString()}, which sets up an ObjectMapper.
     */
    private static String idKey(JsonNode id) {
        if (id.isIntegralNumber()) {
            return id.canConvertToLong() ? Long.toString(id.longValue()) : id.bigIntegerValue().toString();
        }
        if (id.isTextual()) {
            return '"' + id.textValue() + '"';
        }
        return id.toString();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** A message waiting for the event loop; a call's reply key, call and timeout, or nulls for a notification. */
    private record Outgoing(JsonNode json, String key, PendingCall call, Duration timeout) {
    }

    private static final class PendingCall {
        final String method;
        final CompletableFuture<JsonNode> future;
        volatile Future<?> timer;

        PendingCall(String method, CompletableFuture<JsonNode> future) {
            this.method = method;
            this.future = future;
        }

        void cancelTimer() {
            Future<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }

        @Override
        public String toString() {
            return method;
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<JsonNode> {
        Handler() {
            super(JsonNode.class);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, JsonNode message) {
            onMessage(ctx, message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                onIdle();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            onClosed();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String reason;
            if (cause instanceof TooLongFrameException) {
                reason = "message from " + peer() + " longer than " + options.maxMessageBytes() + " bytes";
            } else if (cause instanceof CorruptedFrameException
                    || cause.getCause() instanceof JsonProcessingException) {
                reason = "invalid JSON-RPC input from " + peer() + ": " + cause.getMessage();
            } else {
                reason = "connection to " + peer() + " failed: " + cause;
            }
            LOG.warn("jsonrpc closing connection peer={} reason={}", peer(), reason);
            closeWith(new ConnectionClosedException(reason, cause));
        }
    }
}
