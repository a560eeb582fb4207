package io.ovsnet.ovsdb.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code <table-updates>} (RFC 7047 section 4.1.6) or {@code <table-updates2>}
 * (ovsdb-server.7 section 4.1.14) of a monitor reply or update notification: table name to the
 * row updates in it.
 */
public record TableUpdates(Map<String, List<RowUpdate>> tables) {

    public TableUpdates {
        LinkedHashMap<String, List<RowUpdate>> copy = new LinkedHashMap<>();
        tables.forEach((t, rows) -> copy.put(t, List.copyOf(rows)));
        tables = Collections.unmodifiableMap(copy);
    }

    public static TableUpdates empty() {
        return new TableUpdates(Map.of());
    }

    public boolean isEmpty() {
        return tables.values().stream().allMatch(List::isEmpty);
    }

    /**
     * Reads {@code updates} in {@code format} (UPDATE3's table updates have the update2 shape; the
     * last transaction id travels beside them and is the caller's to read). A JSON null is read as
     * no updates.
     *
     * @throws MalformedJsonException if the JSON does not have the format's shape
     */
    public static TableUpdates parse(JsonNode updates, UpdateFormat format) {
        if (updates == null || updates.isNull()) {
            return empty();
        }
        if (!updates.isObject()) {
            throw new MalformedJsonException("table updates must be an object, got " + updates);
        }
        LinkedHashMap<String, List<RowUpdate>> tables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> tableFields = updates.fields();
        while (tableFields.hasNext()) {
            Map.Entry<String, JsonNode> table = tableFields.next();
            if (!table.getValue().isObject()) {
                throw new MalformedJsonException("update of table " + table.getKey() + " must be an object");
            }
            List<RowUpdate> rows = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> rowFields = table.getValue().fields();
            while (rowFields.hasNext()) {
                Map.Entry<String, JsonNode> row = rowFields.next();
                Uuid uuid = Uuid.parse(row.getKey());
                rows.add(format == UpdateFormat.UPDATE ? parseUpdate(uuid, row.getValue()) : parseUpdate2(uuid, row.getValue()));
            }
            tables.put(table.getKey(), rows);
        }
        return new TableUpdates(tables);
    }

    private static RowUpdate parseUpdate(Uuid uuid, JsonNode json) {
        Optional<Row> old = optionalRow(json, "old");
        Optional<Row> row = optionalRow(json, "new");
        RowUpdate.Kind kind;
        if (old.isPresent() && row.isPresent()) {
            kind = RowUpdate.Kind.MODIFY;
        } else if (row.isPresent()) {
            kind = RowUpdate.Kind.INSERT;
        } else if (old.isPresent()) {
            kind = RowUpdate.Kind.DELETE;
        } else {
            throw new MalformedJsonException("row update " + uuid + " has neither \"old\" nor \"new\"");
        }
        return new RowUpdate(uuid, kind, old, row, Optional.empty());
    }

    private static RowUpdate parseUpdate2(Uuid uuid, JsonNode json) {
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new MalformedJsonException("row update " + uuid + " must have exactly one of initial/insert/delete/modify: " + json);
        }
        String member = json.fieldNames().next();
        JsonNode body = json.get(member);
        return switch (member) {
            case "initial" -> new RowUpdate(uuid, RowUpdate.Kind.INITIAL, Optional.empty(), Optional.of(Row.fromJson(body)), Optional.empty());
            case "insert" -> new RowUpdate(uuid, RowUpdate.Kind.INSERT, Optional.empty(), Optional.of(Row.fromJson(body)), Optional.empty());
            case "modify" -> new RowUpdate(uuid, RowUpdate.Kind.MODIFY, Optional.empty(), Optional.empty(), Optional.of(Row.fromJson(body)));
            case "delete" -> new RowUpdate(uuid, RowUpdate.Kind.DELETE, Optional.empty(), Optional.empty(), Optional.empty());
            default -> throw new MalformedJsonException("row update " + uuid + " has unknown member " + member);
        };
    }

    private static Optional<Row> optionalRow(JsonNode json, String member) {
        JsonNode row = json == null ? null : json.get(member);
        return row == null || row.isNull() ? Optional.empty() : Optional.of(Row.fromJson(row));
    }
}
