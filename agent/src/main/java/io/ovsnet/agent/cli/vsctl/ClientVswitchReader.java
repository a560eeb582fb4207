package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Operation;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link VswitchReader} on the OVSDB client: get_schema, then one transact of selects. */
final class ClientVswitchReader implements VswitchReader {
    /**
     * How long connecting may take. ovs-vsctl gives up after its first failed attempt; the client
     * retries until this deadline, so a missing unix socket is checked for first.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String remote;
    private final OvsdbClient client;

    private ClientVswitchReader(String remote, OvsdbClient client) {
        this.remote = remote;
        this.client = client;
    }

    /** Connects to {@code remote} (OVS syntax); fails as ovs-vsctl does when it cannot. */
    static VswitchReader open(String remote, Optional<Invocation.TlsFiles> tls) {
        ClientOptions options;
        try {
            ClientOptions.Builder builder = ClientOptions.builder(remote).connectTimeout(CONNECT_TIMEOUT)
                    .callTimeout(CALL_TIMEOUT).probeInterval(Duration.ZERO).failFast();
            tls.ifPresent(t -> builder.tls(t.privateKey(), t.certificate(), t.caCertificate()));
            options = builder.build();
        } catch (IllegalArgumentException e) {
            throw connectionFailed(remote, "Address family not supported by protocol");
        }
        if (!remote.contains(",") && remote.startsWith("unix:") && !Files.exists(Path.of(remote.substring("unix:".length())))) {
            throw connectionFailed(remote, "No such file or directory");
        }
        if (remote.startsWith("ssl:") && tls.isEmpty()) {
            throw connectionFailed(remote, "Protocol not available");
        }
        try {
            return new ClientVswitchReader(remote, await(OvsdbClient.connect(options)));
        } catch (ExecutionException e) {
            throw connectionFailed(remote, reason(e.getCause()));
        } catch (IllegalStateException e) {
            // The client could not start, e.g. unreadable TLS files.
            throw connectionFailed(remote, e.getMessage());
        }
    }

    static VsctlException connectionFailed(String remote, String reason) {
        return new VsctlException(remote + ": database connection failed (" + reason + ")");
    }

    /** The errno text of a failed connection, as strerror() would word it. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            for (String known : List.of("No such file or directory", "Connection refused", "Permission denied",
                    "Connection reset by peer", "Network is unreachable", "No route to host")) {
                if (m.contains(known)) {
                    return known;
                }
            }
        }
        return failure == null || failure.getMessage() == null ? "Protocol error" : failure.getMessage();
    }

    @Override
    public VsctlSchema schema() {
        try {
            return VsctlSchema.of(await(client.getSchema(DATABASE)));
        } catch (ExecutionException e) {
            throw new VsctlException(remote + ": database connection failed (" + reason(e.getCause()) + ")");
        }
    }

    @Override
    public Map<String, List<DbRow>> select(VsctlSchema schema, Map<String, List<String>> columnsByTable) {
        Transaction tx = Transaction.on(DATABASE);
        Map<String, Handle<JsonNode>> handles = new LinkedHashMap<>();
        columnsByTable.forEach((table, columns) -> handles.put(table, tx.add(new RawSelect(table, columns))));
        TransactionResult result;
        try {
            result = await(client.transact(tx));
        } catch (ExecutionException e) {
            throw new VsctlException("transaction error: " + reason(e.getCause()));
        }
        Map<String, List<DbRow>> rows = new LinkedHashMap<>();
        handles.forEach((table, handle) -> rows.put(table,
                rows(result.get(handle), schema.table(table), columnsByTable.get(table))));
        return rows;
    }

    private static List<DbRow> rows(JsonNode json, VsctlSchema.Table table, List<String> columns) {
        List<DbRow> rows = new ArrayList<>(json.size());
        for (JsonNode row : json) {
            Map<String, Datum> values = new LinkedHashMap<>();
            for (String column : columns) {
                values.put(column, Datum.fromJson(row.get(column), table.column(column).type()));
            }
            rows.add(new DbRow(AtomKind.UUID.fromJson(row.get("_uuid")).toString(), values));
        }
        return rows;
    }

    private static <T> T await(Future<T> future) throws ExecutionException {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        } catch (CompletionException e) {
            throw new ExecutionException(e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** A select of some columns, read as the raw JSON rows so values keep the schema's types. */
    private record RawSelect(String table, List<String> columns) implements Operation<JsonNode> {
        @Override
        public ObjectNode toJson() {
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("op", "select").put("table", table);
            op.putArray("where");
            // _uuid must be among the columns: without it the server drops duplicate rows.
            var cols = op.putArray("columns").add("_uuid");
            columns.forEach(cols::add);
            return op;
        }

        @Override
        public JsonNode result(JsonNode opResult) {
            return opResult.get("rows");
        }
    }
}
