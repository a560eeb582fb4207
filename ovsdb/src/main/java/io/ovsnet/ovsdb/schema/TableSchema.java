package io.ovsnet.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code <table-schema>} (RFC 7047 section 3.2). {@link #columns()} holds the declared columns
 * plus the implicit {@code _uuid} and {@code _version}.
 *
 * @param indexes each a set of columns whose values together are unique in the table
 */
public record TableSchema(String name, Map<String, ColumnSchema> columns, boolean isRoot,
                          OptionalLong maxRows, List<List<String>> indexes) {

    public TableSchema {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        indexes = indexes.stream().map(List::copyOf).toList();
    }

    public static TableSchema parse(String name, JsonNode json) {
        if (json == null || !json.isObject() || !json.path("columns").isObject()) {
            throw new MalformedJsonException("table " + name + " has no \"columns\" object: " + json);
        }
        LinkedHashMap<String, ColumnSchema> columns = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.get("columns").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            columns.put(field.getKey(), ColumnSchema.parse(field.getKey(), field.getValue()));
        }
        ColumnType uuid = new ColumnType(BaseType.of(AtomicType.UUID), Optional.empty(), 1, 1);
        columns.putIfAbsent(Row.UUID_COLUMN, new ColumnSchema(Row.UUID_COLUMN, uuid, false, false));
        columns.putIfAbsent(Row.VERSION_COLUMN, new ColumnSchema(Row.VERSION_COLUMN, uuid, false, false));
        List<List<String>> indexes = new ArrayList<>();
        for (JsonNode index : json.path("indexes")) {
            List<String> names = new ArrayList<>();
            index.forEach(c -> names.add(c.asText()));
            indexes.add(names);
        }
        JsonNode maxRows = json.get("maxRows");
        return new TableSchema(name, columns, json.path("isRoot").asBoolean(false),
                maxRows == null ? OptionalLong.empty() : OptionalLong.of(maxRows.asLong()), indexes);
    }

    public Optional<ColumnSchema> column(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    /**
     * Brings every column of a row read without a schema into canonical form
     * ({@link ColumnType#normalize}); columns unknown to this schema are kept as they are.
     */
    public Row normalize(Row row) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        row.columns().forEach((column, value) -> {
            ColumnSchema schema = columns.get(column);
            values.put(column, schema == null ? value : schema.type().normalize(value));
        });
        return Row.of(values);
    }

    /** {@code row} with the default value in every column of this table that it lacks. */
    public Row withDefaults(Row row) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        columns.forEach((column, schema) -> {
            if (!column.equals(Row.VERSION_COLUMN) && !column.equals(Row.UUID_COLUMN)) {
                values.put(column, schema.type().defaultValue());
            }
        });
        values.putAll(row.columns());
        return Row.of(values);
    }
}
