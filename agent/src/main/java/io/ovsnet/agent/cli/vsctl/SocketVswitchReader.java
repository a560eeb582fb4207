package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link VswitchReader} for one {@code unix:} or {@code tcp:} remote that speaks JSON-RPC over a
 * plain blocking socket: one get_schema, then one monitor_cond for the initial rows, each reply parsed as it
 * streams in (see {@link WireJson}). A one-shot command needs nothing more, and leaving out the
 * event loop, the JSON tree and the client's reconnection machinery is most of its start-up time.
 * {@code ssl:} remotes and lists of remotes go through the full OVSDB client instead
 * ({@link ClientVswitchReader}).
 */
final class SocketVswitchReader implements VswitchReader {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private final String remote;
    private final AutoCloseable socket;
    private final OutputStream out;
    private final InputStream input;
    /** The replies; made once the first request is out, as the parser reads ahead when made. */
    private JsonParser in;
    private int nextId;
    /** What {@link #prefetch} announced, or null; and the id of its request once sent, or -1. */
    private Map<String, List<String>> prefetched;
    private Set<String> prefetchedAll = Set.of();
    private int prefetchId = -1;

    private SocketVswitchReader(String remote, AutoCloseable socket, InputStream input, OutputStream out) {
        this.remote = remote;
        this.socket = socket;
        this.input = input;
        this.out = out;
    }

    /** Connects to a unix socket at {@code path}. */
    static VswitchReader unix(String remote, String path) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(java.net.UnixDomainSocketAddress.of(path));
            return new SocketVswitchReader(remote, channel, Channels.newInputStream(channel),
                    Channels.newOutputStream(channel));
        } catch (IOException e) {
            closeQuietly(channel);
            throw ClientVswitchReader.connectionFailed(remote, ClientVswitchReader.reason(e));
        }
    }

    /** Connects to {@code host:port} over TCP. */
    static VswitchReader tcp(String remote, String host, int port) {
        Socket socket = new Socket();
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                // What ovs-vsctl says of a name it cannot use as an address.
                throw ClientVswitchReader.connectionFailed(remote, "Address family not supported by protocol");
            }
            socket.connect(address, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new SocketVswitchReader(remote, socket, socket.getInputStream(), socket.getOutputStream());
        } catch (IOException e) {
            closeQuietly(socket);
            throw ClientVswitchReader.connectionFailed(remote, ClientVswitchReader.reason(e));
        }
    }

    @Override
    public void prefetch(Map<String, List<String>> columnsByTable, Set<String> allColumnsOf) {
        prefetched = Map.copyOf(columnsByTable);
        prefetchedAll = Set.copyOf(allColumnsOf);
    }

    /** Whether the prefetched request is exactly the one for {@code columnsByTable}. */
    private boolean prefetchMatches(VsctlSchema schema, Map<String, List<String>> columnsByTable) {
        if (prefetchId < 0 || !columnsByTable.keySet().equals(prefetched.keySet())) {
            return false;
        }
        for (Map.Entry<String, List<String>> table : columnsByTable.entrySet()) {
            if (prefetchedAll.contains(table.getKey())) {
                VsctlSchema.Table t = schema.tables().get(table.getKey());
                if (t == null || !new HashSet<>(table.getValue()).equals(t.byName().keySet())) {
                    return false;
                }
            } else if (!table.getValue().equals(prefetched.get(table.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends get_schema and, when the rows to read are known already, their request right behind
     * it: the server then gathers the rows while the schema is being parsed here.
     */
    @Override
    public VsctlSchema schema() {
        try {
            int id = send("get_schema", "[\"" + DATABASE + "\"]");
            if (prefetched != null) {
                prefetchId = send("monitor_cond", monitorParams(nextId, prefetched, prefetchedAll));
            }
            awaitResult(id);
            VsctlSchema schema = WireJson.schema(in);
            endReply();
            return schema;
        } catch (IOException e) {
            throw ClientVswitchReader.connectionFailed(remote, readFailure(e));
        } catch (ErrorReply e) {
            throw ClientVswitchReader.connectionFailed(remote, e.getMessage());
        }
    }

    /**
     * Reads the rows with a monitor_cond request for the initial rows only, rather than a
     * transaction of selects: in its update2 notation the server leaves out every column that
     * holds its default value, which for a table such as Interface (dozens of mostly empty
     * columns) is most of the data, for the server to write and for us to parse. As for
     * ovs-vsctl's own IDL, the server sends no updates after the initial rows.
     */
    @Override
    public Map<String, List<DbRow>> select(VsctlSchema schema, Map<String, List<String>> columnsByTable) {
        try {
            int id = prefetchMatches(schema, columnsByTable) ? prefetchId
                    : send("monitor_cond", monitorParams(nextId, columnsByTable, Set.of()));
            awaitResult(id);
            Map<String, List<DbRow>> rows = WireJson.initialRows(in, schema, columnsByTable);
            endReply();
            return rows;
        } catch (IOException e) {
            throw new VsctlException("transaction error: " + readFailure(e));
        } catch (ErrorReply e) {
            throw new VsctlException("transaction error: " + e.getMessage());
        }
    }

    /**
     * monitor_cond's parameters for the initial rows only of these tables and columns (every
     * column for the tables of {@code allColumnsOf}); the monitor is named after the request.
     */
    private static String monitorParams(int requestId, Map<String, List<String>> columnsByTable,
                                        Set<String> allColumnsOf) {
        StringBuilder params = new StringBuilder("[\"").append(DATABASE).append("\",\"vsctl-")
                .append(requestId).append("\",{");
        boolean first = true;
        for (Map.Entry<String, List<String>> table : columnsByTable.entrySet()) {
            if (!first) {
                params.append(',');
            }
            first = false;
            JsonText.appendString(table.getKey(), params);
            params.append(":[{");
            if (!allColumnsOf.contains(table.getKey())) {
                params.append("\"columns\":[");
                List<String> columns = table.getValue();
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        params.append(',');
                    }
                    JsonText.appendString(columns.get(i), params);
                }
                params.append("],");
            }
            params.append("\"select\":{\"initial\":true,\"insert\":false,\"delete\":false,\"modify\":false}}]");
        }
        return params.append("}]").toString();
    }

    /** Sends a request; returns its id. */
    private int send(String method, String params) throws IOException {
        int id = nextId++;
        send("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        return id;
    }

    /**
     * Reads until the reply to request {@code id} and into it, leaving the parser on the
     * result's first token. Replies to other requests (a prefetch that was not used) are
     * skipped and echo requests from the server answered on the way; a reply with an error is
     * an {@link ErrorReply}.
     */
    private void awaitResult(int id) throws IOException, ErrorReply {
        if (in == null) {
            // Rows are keyed by UUID in the replies: thousands of names seen once each, which
            // the parser would otherwise hash into its symbol table and intern.
            JsonFactory json = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();
            in = json.createParser(new BufferedInputStream(input, 1 << 16));
        }
        while (true) {
            JsonToken start = in.nextToken();
            if (start == null) {
                throw new java.io.EOFException("End of file");
            }
            if (start != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(in, "not a JSON-RPC message");
            }
            // ovsdb-server writes "id" first, so a reply is recognised before its result is read.
            boolean ours = true;
            String echoId = null;
            boolean echo = false;
            String error = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    ours = in.getIntValue() == id;
                } else if (field.equals("result") && value != JsonToken.VALUE_NULL && ours) {
                    return;
                } else if (field.equals("error") && value != JsonToken.VALUE_NULL) {
                    error = value == JsonToken.VALUE_STRING ? in.getText() : describe(in);
                } else {
                    if (field.equals("method")) {
                        echo = "echo".equals(in.getText());
                    } else if (field.equals("id") && value == JsonToken.VALUE_STRING) {
                        echoId = in.getText();
                    }
                    in.skipChildren();
                }
            }
            if (echo) {
                StringBuilder reply = new StringBuilder("{\"id\":");
                if (echoId == null) {
                    reply.append("null");
                } else {
                    JsonText.appendString(echoId, reply);
                }
                send(reply.append(",\"result\":[],\"error\":null}").toString());
            } else if (error != null && ours) {
                throw new ErrorReply(error);
            }
        }
    }

    /**
     * Why reading a reply failed, in one line: the server closed the connection, sent something
     * that is not JSON, or the socket failed (with the system's words, as for connecting).
     */
    private String readFailure(IOException e) {
        if (e instanceof java.io.EOFException || e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "End of file";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return "Protocol error";
        }
        return ClientVswitchReader.reason(e);
    }

    /** Reads the rest of a reply whose result has been read: its other members and closing brace. */
    private void endReply() throws IOException {
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            in.nextToken();
            in.skipChildren();
        }
    }

    /** The "error" member of an error object, or the object's text. */
    private static String describe(JsonParser p) throws IOException {
        String text = null;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("error") && p.currentToken() == JsonToken.VALUE_STRING) {
                    text = p.getText();
                }
                p.skipChildren();
            }
        } else {
            p.skipChildren();
        }
        return text == null ? "Protocol error" : text;
    }

    private void send(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing after the work is done (or failed): nothing left to report.
        }
    }

    /** A JSON-RPC reply that carried an error instead of a result. */
    private static final class ErrorReply extends Exception {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message, null, false, false);
        }
    }
}
