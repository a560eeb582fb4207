package io.ovsnet.ovsdb.client;

import static io.ovsnet.ovsdb.client.ScriptedServer.answerServerMonitor;
import static io.ovsnet.ovsdb.client.ScriptedServer.isServerMonitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.jsonrpc.CallTimeoutException;
import io.ovsnet.ovsdb.jsonrpc.ConnectionClosedException;
import io.ovsnet.ovsdb.jsonrpc.JsonRpcErrorException;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.UpdateFormat;
import io.ovsnet.ovsdb.operation.Comment;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The whole client over a real loopback socket against a server scripted by the test, for what a
 * real ovsdb-server 3.1 does not do: misbehave (every failure must be a clear exception within
 * the configured timeout), lack the conditional monitor methods, or honour {@code cancel}.
 */
class MisbehavingServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static ClientOptions options(ScriptedServer server) {
        return ClientOptions.builder(server.remote())
                .callTimeout(TIMEOUT)
                .connectTimeout(Duration.ofSeconds(4))
                .probeInterval(Duration.ZERO)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
    }

    private static Throwable failureWithin(CompletableFuture<?> future, Duration limit) throws Exception {
        long start = System.nanoTime();
        try {
            future.get(limit.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit.plusSeconds(1));
            return e.getCause();
        }
        throw new AssertionError("the future succeeded");
    }

    @Test
    void serverThatNeverAnswersFailsTheCallWithATimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            }
        }); OvsdbClient client = OvsdbClient.connect(options(server)).join()) {
            Throwable failure = failureWithin(client.listDbs(), TIMEOUT);

            assertThat(failure).isInstanceOf(CallTimeoutException.class)
                    .hasMessageContaining("no reply to list_dbs");
        }
    }

    @Test
    void serverThatNeverAnswersTheHandshakeFailsConnectWithinTheConnectTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, reply) -> { })) {
            Throwable failure = failureWithin(OvsdbClient.connect(options(server)), Duration.ofSeconds(4));

            assertThat(failure).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("cannot connect to " + server.remote() + " within PT4S");
        }
    }

    @Test
    void serverThatStopsAnsweringEchoIsDeclaredDeadByTheKeepalive() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            }
        }); OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(server.remote())
                .callTimeout(Duration.ofSeconds(30))
                .probeInterval(Duration.ofMillis(500))
                .build()).join()) {
            Throwable failure = failureWithin(client.listDbs(), Duration.ofSeconds(2));

            assertThat(failure).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("is dead: no reply to echo");
            assertThat(server.methods()).contains("echo");
        }
    }

    @Test
    void garbageFromTheServerFailsThePendingCallAndTheClientReconnects() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            } else if (request.path("method").asText().equals("list_dbs")) {
                reply.raw("<html>this is not JSON-RPC</html>");
            } else {
                reply.result(request, request.get("params").toString());
            }
        }); OvsdbClient client = OvsdbClient.connect(options(server)).join()) {
            Throwable failure = failureWithin(client.listDbs(), TIMEOUT);

            assertThat(failure).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("invalid JSON-RPC input");
            assertThat(((OvsdbException) failure).isRetryable()).isTrue();
            await().atMost(Duration.ofSeconds(3)).until(client::isConnected);
            client.echo().get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverThatClosesMidMessageFailsThePendingCall() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            } else {
                reply.raw("{\"id\":" + request.get("id") + ",\"result\":[\"Open_vSw");
                reply.close();
            }
        }); OvsdbClient client = OvsdbClient.connect(options(server)).join()) {
            Throwable failure = failureWithin(client.listDbs(), TIMEOUT);

            assertThat(failure).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed by peer");
        }
    }

    @Test
    void cancelSendsTheCancelNotificationAndTheServersCanceledReplyFailsTheTransaction() throws Exception {
        AtomicReference<JsonNode> held = new AtomicReference<>();
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            String method = request.path("method").asText();
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            } else if (method.equals("transact")) {
                held.set(request);
            } else if (method.equals("cancel") && request.path("params").get(0).equals(held.get().get("id"))) {
                reply.error(held.get(), "\"canceled\"");
            }
        }); OvsdbClient client = OvsdbClient.connect(options(server)).join()) {
            Transaction tx = Transaction.on("Test");
            tx.add(new Comment("held by the server"));
            CompletableFuture<TransactionResult> waiting = client.transact(tx);
            await().atMost(Duration.ofSeconds(2)).until(() -> held.get() != null);

            assertThat(client.cancel(waiting)).isTrue();

            Throwable failure = failureWithin(waiting, TIMEOUT);
            assertThat(failure).isInstanceOf(JsonRpcErrorException.class);
            assertThat(((OvsdbException) failure).error()).isEqualTo("canceled");
            assertThat(client.cancel(waiting)).as("no longer outstanding").isFalse();
        }
    }

    @Test
    void monitorFallsBackToPlainMonitorOnAServerWithoutTheConditionalMethods() throws Exception {
        DatabaseSchema schema = DatabaseSchema.parse(new ObjectMapper().readTree(
                "{\"name\":\"Test\",\"version\":\"1.0.0\",\"tables\":{\"T\":{\"columns\":{\"v\":{\"type\":\"string\"}}}}}"));
        try (ScriptedServer server = new ScriptedServer((request, reply) -> {
            String method = request.path("method").asText();
            if (isServerMonitor(request)) {
                answerServerMonitor(request, reply);
            } else if (method.equals("monitor")) {
                reply.result(request, "{\"T\":{\"8f2c1f8e-0c4e-4a55-9d55-2f1e4f0a0002\":{\"new\":{\"v\":\"one\"}}}}");
                reply.raw("{\"id\":null,\"method\":\"update\",\"params\":[" + request.path("params").get(1)
                        + ",{\"T\":{\"8f2c1f8e-0c4e-4a55-9d55-2f1e4f0a0003\":{\"new\":{\"v\":\"two\"}}}}]}");
            } else {
                reply.error(request, "\"unknown method\"");
            }
        }); OvsdbClient client = OvsdbClient.connect(options(server)).join()) {
            Replica replica = new Replica(schema);

            Monitor monitor = client.monitor("Test", List.of(MonitorRequest.of("T")), replica).get(2, TimeUnit.SECONDS);

            assertThat(monitor.format()).isEqualTo(UpdateFormat.UPDATE);
            assertThat(server.methods()).containsSubsequence("monitor_cond_since", "monitor_cond", "monitor");
            await().atMost(Duration.ofSeconds(2)).until(() -> replica.table("T").size() == 2);
            assertThat(replica.table("T").values()).extracting(r -> r.getString("v")).containsExactlyInAnyOrder("one", "two");
        }
    }
}
