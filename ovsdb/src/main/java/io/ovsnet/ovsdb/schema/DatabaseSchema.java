package io.ovsnet.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code <database-schema>} (RFC 7047 section 3.2), as returned by get_schema.
 *
 * @param version the schema version, such as "8.3.1" (empty string if the schema has none)
 */
public record DatabaseSchema(String name, String version, Map<String, TableSchema> tables) {

    public DatabaseSchema {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** Reads the result of get_schema (or a .ovsschema file). */
    public static DatabaseSchema parse(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("name").isTextual() || !json.path("tables").isObject()) {
            throw new MalformedJsonException("a database schema needs \"name\" and \"tables\"");
        }
        LinkedHashMap<String, TableSchema> tables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.get("tables").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            tables.put(field.getKey(), TableSchema.parse(field.getKey(), field.getValue()));
        }
        return new DatabaseSchema(json.get("name").asText(), json.path("version").asText(""), tables);
    }

    public Optional<TableSchema> table(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    /**
     * Compares columns that code expects in {@code table} with this schema and returns one line per
     * difference (missing table or column, another atomic type, another shape); empty when all fit.
     * A {@link Column.Kind#SET} column fits any set, optional or scalar column of its atomic type.
     * Pure, so idempotent.
     */
    public List<String> mismatches(String table, Collection<? extends Column<?>> expected) {
        TableSchema schema = tables.get(table);
        if (schema == null) {
            return List.of("table " + table + " is not in database " + name + " " + version);
        }
        List<String> problems = new ArrayList<>();
        for (Column<?> column : expected) {
            String where = table + "." + column.name();
            Optional<ColumnSchema> actual = schema.column(column.name());
            if (actual.isEmpty()) {
                problems.add(where + " is not in database " + name + " " + version);
                continue;
            }
            ColumnType type = actual.get().type();
            if (type.key().type() != column.keyType()) {
                problems.add(where + " has " + type.key().type().wireName() + " keys, expected " + column.keyType().wireName());
            }
            boolean shapeFits = switch (column.kind()) {
                case SCALAR -> type.isScalar();
                case OPTIONAL -> type.isOptional();
                case SET -> type.isSet() || type.isScalar();
                case MAP -> type.isMap() && type.value().orElseThrow().type() == column.valueType().orElseThrow();
            };
            if (!shapeFits) {
                problems.add(where + " is " + describe(type) + ", expected " + column.kind().name().toLowerCase()
                        + column.valueType().map(v -> " to " + v.wireName()).orElse(""));
            }
        }
        return problems;
    }

    private static String describe(ColumnType type) {
        String max = type.max() == ColumnType.UNLIMITED ? "unlimited" : Long.toString(type.max());
        return (type.isMap() ? "a map to " + type.value().orElseThrow().type().wireName() : "a set")
                + " of " + type.min() + ".." + max;
    }
}
