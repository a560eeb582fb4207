package io.ovsnet.ovsdb.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ovsnet.ovsdb.OvsdbException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRpcConnectionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonRpcOptions OPTIONS =
            new JsonRpcOptions(Duration.ofSeconds(5), Duration.ZERO, JsonRpcOptions.DEFAULT_MAX_MESSAGE_BYTES);

    private EmbeddedChannel channel;
    private JsonRpcConnection connection;

    private void open(JsonRpcOptions options) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        connection = JsonRpcConnection.open(channel, options, Runnable::run);
    }

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void feed(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private JsonNode sent() throws Exception {
        ByteBuf buf = channel.readOutbound();
        assertThat(buf).as("a message was sent").isNotNull();
        try {
            return MAPPER.readTree(buf.toString(StandardCharsets.UTF_8));
        } finally {
            buf.release();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("future did not fail");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void callSendsRequestAndCompletesWithResult() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("list_dbs", json("[]"));

        JsonNode request = sent();
        assertThat(request.get("method").asText()).isEqualTo("list_dbs");
        assertThat(request.get("params")).isEqualTo(json("[]"));
        assertThat(reply).isNotDone();

        feed("{\"id\":" + request.get("id") + ",\"result\":[\"Open_vSwitch\",\"_Server\"],\"error\":null}");

        assertThat(reply.join()).isEqualTo(json("[\"Open_vSwitch\",\"_Server\"]"));
    }

    @Test
    void everyKindOfJsonValueSurvivesTheRoundTripUnchanged() throws Exception {
        open(OPTIONS);
        String values = "[0, -1, 2147483648, -9223372036854775808, 18446744073709551616, 1.5, -2.0e-3,"
                + " true, false, null, \"\", \"gr\u00fc\u00df \u2603 \ud83d\ude00 \\\" \\n\","
                + " {}, [], {\"a\": {\"b\": [[1], {\"c\": null}]}, \"a2\": 1}]";
        CompletableFuture<JsonNode> reply = connection.call("echo", json(values));
        JsonNode request = sent();
        assertThat(request.get("params")).isEqualTo(json(values));

        feed("{\"id\":" + request.get("id") + ",\"result\":" + values + ",\"error\":null}");

        assertThat(reply.join()).isEqualTo(json(values));
    }

    @Test
    void replyFedOneByteAtATimeWithBracesQuotesAndBackslashesInStrings() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("echo", json("[]"));
        long id = sent().get("id").asLong();
        String tricky = "[\"a{b}[c]\", \"q\\\"{\", \"\\\\\", \"\\\\\\\"}}\", \"}\", \"\\u007b\"]";
        byte[] bytes = ("{\"id\":" + id + ",\"result\":" + tricky + ",\"error\":null}").getBytes(StandardCharsets.UTF_8);

        for (byte b : bytes) {
            assertThat(reply).isNotDone();
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        assertThat(reply.join()).isEqualTo(json(tricky));
        assertThat(reply.join().get(3).asText()).isEqualTo("\\\"}}");
    }

    @Test
    void manyMessagesInOneReadAreAllDelivered() throws Exception {
        open(OPTIONS);
        List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            replies.add(connection.call("echo", json("[" + i + "]")));
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(sent().get("id").asLong());
        }
        for (int i = 49; i >= 0; i--) {
            all.append("{\"id\":").append(ids.get(i)).append(",\"result\":[\"}{").append(i).append("\"],\"error\":null}\n");
        }

        feed(all.toString());

        for (int i = 0; i < 50; i++) {
            assertThat(replies.get(i).join().get(0).asText()).isEqualTo("}{" + i);
        }
    }

    @Test
    void errorObjectReplyFailsWithErrorAndDetails() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("get_schema", json("[\"nope\"]"));
        long id = sent().get("id").asLong();

        feed("{\"id\":" + id + ",\"result\":null,\"error\":{\"error\":\"unknown database\","
                + "\"details\":\"get_schema request specifies unknown database nope\"}}");

        Throwable cause = failure(reply);
        assertThat(cause).isInstanceOf(JsonRpcErrorException.class);
        OvsdbException e = (OvsdbException) cause;
        assertThat(e.error()).isEqualTo("unknown database");
        assertThat(e.details()).contains("get_schema request specifies unknown database nope");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void errorStringReplyFails() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("frobnicate", json("[]"));
        long id = sent().get("id").asLong();

        feed("{\"id\":" + id + ",\"result\":null,\"error\":\"unknown method\"}");

        assertThat(failure(reply)).isInstanceOf(JsonRpcErrorException.class).hasMessage("unknown method");
    }

    @Test
    void duplicateIdIsRefusedWithoutSending() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> first = connection.call(new JsonRpcRequest(IntNode.valueOf(7), "echo", json("[]")), Duration.ofSeconds(5));
        sent();
        CompletableFuture<JsonNode> second = connection.call(new JsonRpcRequest(IntNode.valueOf(7), "echo", json("[]")), Duration.ofSeconds(5));

        assertThat(failure(second)).isInstanceOf(OvsdbException.class).hasMessageContaining("duplicate id");
        assertThat((Object) channel.readOutbound()).isNull();
        feed("{\"id\":7,\"result\":[],\"error\":null}");
        assertThat(first.join()).isEqualTo(json("[]"));
    }

    @Test
    void serverThatNeverAnswersFailsTheCallAtTheTimeout() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("transact", json("[\"db\"]"));
        long id = sent().get("id").asLong();

        channel.advanceTimeBy(4900, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(reply).isNotDone();
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        Throwable cause = failure(reply);
        assertThat(cause).isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining("no reply to transact id=" + id + " within PT5S");
        assertThat(((OvsdbException) cause).isRetryable()).isTrue();
        // A late reply is ignored and the connection stays usable.
        feed("{\"id\":" + id + ",\"result\":[],\"error\":null}");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void closingTheChannelFailsEveryPendingCallAndLaterCallsFailFast() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> a = connection.call("echo", json("[]"));
        CompletableFuture<JsonNode> b = connection.call("transact", json("[]"));

        channel.close();

        assertThat(failure(a)).isInstanceOf(ConnectionClosedException.class);
        assertThat(failure(b)).isInstanceOf(ConnectionClosedException.class);
        assertThat(((OvsdbException) failure(b)).isRetryable()).isTrue();
        assertThat(connection.closeFuture()).isCompleted();
        assertThat(failure(connection.call("echo", json("[]")))).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void closeMidMessageFailsThePendingCall() throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("echo", json("[]"));
        long id = sent().get("id").asLong();

        feed("{\"id\":" + id + ",\"result\":[\"half");
        channel.close();

        assertThat(failure(reply)).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed by peer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello world", "{\"id\":1,\"result\":[1,,2]}", "[1,2,3]", "{\"jsonrpc\":\"2.0\"}"})
    void garbageInputClosesTheConnectionWithAClearReason(String garbage) throws Exception {
        open(OPTIONS);
        CompletableFuture<JsonNode> reply = connection.call("echo", json("[]"));
        sent();

        feed(garbage);

        assertThat(channel.isOpen()).isFalse();
        assertThat(failure(reply)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("invalid JSON-RPC input");
    }

    @Test
    void overLongMessageIsRejectedAndTheConnectionClosed() throws Exception {
        open(new JsonRpcOptions(Duration.ofSeconds(5), Duration.ZERO, 64));
        CompletableFuture<JsonNode> reply = connection.call("echo", json("[]"));
        long id = sent().get("id").asLong();

        feed("{\"id\":" + id + ",\"result\":[\"" + "x".repeat(200) + "\"],\"error\":null}");

        assertThat(channel.isOpen()).isFalse();
        assertThat(failure(reply)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("longer than 64 bytes");
    }

    @Test
    void incomingEchoIsAnswered() throws Exception {
        open(OPTIONS);

        feed("{\"id\":\"echo\",\"method\":\"echo\",\"params\":[\"ping\",{\"a\":1}]}");

        assertThat(sent()).isEqualTo(json("{\"id\":\"echo\",\"result\":[\"ping\",{\"a\":1}],\"error\":null}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"update", "update2", "update3", "locked", "stolen"})
    void notificationsGoToTheirHandler(String method) throws Exception {
        open(OPTIONS);
        List<JsonNode> received = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        connection.onNotification(method, received::add);
        connection.onNotification("other", others::add);

        feed("{\"id\":null,\"method\":\"" + method + "\",\"params\":[\"m1\",{\"Bridge\":{}}]}");

        assertThat(received).containsExactly(json("[\"m1\",{\"Bridge\":{}}]"));
        assertThat(others).isEmpty();
        assertThat((Object) channel.readOutbound()).as("notifications get no reply").isNull();
    }

    @Test
    void idleConnectionIsProbedWithEchoAndDeclaredDeadWhenUnanswered() throws Exception {
        open(new JsonRpcOptions(Duration.ofSeconds(30), Duration.ofSeconds(1), 1 << 20));
        CompletableFuture<JsonNode> pendingCall = connection.call("transact", json("[]"));
        sent();

        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();
        JsonNode probe = sent();
        assertThat(probe.get("method")).isEqualTo(TextNode.valueOf("echo"));
        feed("{\"id\":" + probe.get("id") + ",\"result\":[],\"error\":null}");
        assertThat(connection.isOpen()).isTrue();

        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();
        assertThat(sent().get("method").asText()).isEqualTo("echo");
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(failure(pendingCall)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("no reply to echo within PT1S");
    }
}
