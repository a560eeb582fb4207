package io.ovsnet.ovsdb.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The smallest JSON-RPC session with a real ovsdb-server over its unix socket, so that the tests
 * of the pure layer depend on nothing else: one call at a time, echo answered, notifications
 * handed to a consumer. Blocking reads end when the test's timeout interrupts the thread (which
 * closes the channel).
 */
public final class ServerSession implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SocketChannel channel;
    private final OutputStream out;
    private final JsonParser in;
    private final Consumer<JsonNode> notifications;
    private int nextId;

    /** Connects to {@code remote} ({@code unix:PATH}); {@code notifications} gets every other request. */
    public ServerSession(String remote, Consumer<JsonNode> notifications) throws IOException {
        if (!remote.startsWith("unix:")) {
            throw new IllegalArgumentException("not a unix remote: " + remote);
        }
        channel = SocketChannel.open(UnixDomainSocketAddress.of(remote.substring("unix:".length())));
        out = Channels.newOutputStream(channel);
        // A Reader: a parser on an InputStream would block reading ahead to detect the encoding.
        in = MAPPER.getFactory().createParser(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.notifications = notifications;
    }

    public DatabaseSchema schema(String database) throws IOException {
        return DatabaseSchema.parse(call("get_schema", MAPPER.createArrayNode().add(database)));
    }

    public TransactionResult transact(Transaction tx) throws IOException {
        return tx.result(call("transact", tx.params()));
    }

    /** Sends a request and reads until its reply, which must not be a JSON-RPC error. */
    public JsonNode call(String method, ArrayNode params) throws IOException {
        int id = ++nextId;
        ObjectNode request = MAPPER.createObjectNode().put("method", method).put("id", id);
        request.set("params", params);
        send(request);
        while (true) {
            JsonNode message = MAPPER.readTree(in);
            assertThat(message).as("connection closed while waiting for the reply to %s", method).isNotNull();
            String incoming = message.path("method").asText("");
            if (incoming.equals("echo")) {
                ObjectNode echo = MAPPER.createObjectNode();
                echo.set("result", message.get("params"));
                echo.set("id", message.get("id"));
                echo.putNull("error");
                send(echo);
            } else if (!incoming.isEmpty()) {
                notifications.accept(message);
            } else if (message.path("id").asInt(-1) == id) {
                assertThat(message.path("error").isNull()).as("error reply to %s: %s", method, message).isTrue();
                return message.get("result");
            }
        }
    }

    private void send(JsonNode message) throws IOException {
        out.write(MAPPER.writeValueAsBytes(message));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
