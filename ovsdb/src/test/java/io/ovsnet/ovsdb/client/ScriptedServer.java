package io.ovsnet.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A TCP server on loopback that answers JSON-RPC requests as a test scripts it: for the
 * misbehaviour a real ovsdb-server never shows (garbage, a cut message, silence) and for methods
 * an old server lacks. Each connection is served by its own thread; {@link #close()} ends them.
 */
final class ScriptedServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the server does with one request: write any bytes, or close the socket. */
    interface Script extends BiConsumer<JsonNode, Reply> {
    }

    /** The reply side of one connection. */
    static final class Reply {
        private final Socket socket;

        Reply(Socket socket) {
            this.socket = socket;
        }

        void raw(String text) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void result(JsonNode request, String resultJson) {
            raw("{\"id\":" + request.get("id") + ",\"result\":" + resultJson + ",\"error\":null}");
        }

        void error(JsonNode request, String errorJson) {
            raw("{\"id\":" + request.get("id") + ",\"result\":null,\"error\":" + errorJson + "}");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String remote() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    /** The methods of every request received, in order. */
    List<String> methods() {
        return methods;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread serve = new Thread(() -> serve(socket), "scripted-connection");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Reply reply = new Reply(socket);
        try (MappingIterator<JsonNode> requests = MAPPER.readerFor(JsonNode.class).readValues(socket.getInputStream())) {
            while (requests.hasNextValue()) {
                JsonNode request = requests.nextValue();
                methods.add(request.path("method").asText());
                script.accept(request, reply);
            }
        } catch (IOException | RuntimeException e) {
            // The client or the script closed the connection.
        }
    }

    /** A server of no cluster: the _Server database says "standalone". */
    static void answerServerMonitor(JsonNode request, Reply reply) {
        reply.result(request, "{\"Database\":{\"8f2c1f8e-0c4e-4a55-9d55-2f1e4f0a0001\":{\"new\":"
                + "{\"name\":\"Test\",\"model\":\"standalone\",\"connected\":true,\"leader\":true,"
                + "\"cid\":[\"set\",[]],\"index\":[\"set\",[]]}}}}");
    }

    static boolean isServerMonitor(JsonNode request) {
        return request.path("method").asText().equals("monitor") && request.path("params").path(0).asText().equals("_Server");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
