package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the two replies that ovs-vsctl's read-only commands need, a schema and the rows of a
 * transaction of selects, straight from a streaming JSON parser into {@link VsctlSchema} and
 * {@link DbRow}s: no JSON tree is built, and only the tables and columns that were asked for are
 * turned into {@link Datum}s. Each method starts with the parser on the value's first token.
 */
final class WireJson {
    private WireJson() {
    }

    /** A get_schema result: {@code {"name": ..., "tables": {NAME: {"columns": {...}}, ...}, ...}}. */
    static VsctlSchema schema(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        String name = null;
        Map<String, VsctlSchema.Table> tables = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("name")) {
                name = p.getText();
            } else if (field.equals("tables")) {
                expect(p, JsonToken.START_OBJECT);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String table = p.currentName();
                    p.nextToken();
                    tables.put(table, table(table, p));
                }
            } else {
                p.skipChildren();
            }
        }
        return new VsctlSchema(name, Collections.unmodifiableMap(tables));
    }

    private static VsctlSchema.Table table(String name, JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Map<String, VsctlSchema.Column> columns = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (!field.equals("columns")) {
                p.skipChildren();
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String column = p.currentName();
                p.nextToken();
                ColumnType type = columnSchema(p);
                // ovs-vsctl's IDL has no _uuid or _version columns of its own.
                if (!column.startsWith("_")) {
                    columns.put(column, new VsctlSchema.Column(column, type));
                }
            }
        }
        return new VsctlSchema.Table(name, List.copyOf(columns.values()));
    }

    /** {@code {"type": TYPE, "ephemeral": ..., "mutable": ...}}: the type. */
    private static ColumnType columnSchema(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        ColumnType type = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("type")) {
                type = columnType(p);
            } else {
                p.skipChildren();
            }
        }
        if (type == null) {
            throw new IllegalStateException("column without a type in the schema");
        }
        return type;
    }

    /** {@code "integer"} or {@code {"key": BASE, "value": BASE, "min": N, "max": N | "unlimited"}}. */
    private static ColumnType columnType(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return new ColumnType(AtomKind.of(p.getText()), null, null, null, 1, 1);
        }
        expect(p, JsonToken.START_OBJECT);
        String[] key = null;
        String[] value = null;
        long min = 1;
        long max = 1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "key":
                    key = baseType(p);
                    break;
                case "value":
                    value = baseType(p);
                    break;
                case "min":
                    min = p.getLongValue();
                    break;
                case "max":
                    max = p.currentToken() == JsonToken.VALUE_STRING ? Long.MAX_VALUE : p.getLongValue();
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (key == null) {
            throw new IllegalStateException("column type without a key in the schema");
        }
        return new ColumnType(AtomKind.of(key[0]), key[1], value == null ? null : AtomKind.of(value[0]),
                value == null ? null : value[1], min, max);
    }

    /** {@code "uuid"} or {@code {"type": "uuid", "refTable": ..., ...}}: the atomic type and refTable. */
    private static String[] baseType(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return new String[] {p.getText(), null};
        }
        expect(p, JsonToken.START_OBJECT);
        String[] typeAndRef = new String[2];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("type")) {
                typeAndRef[0] = p.getText();
            } else if (field.equals("refTable")) {
                typeAndRef[1] = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return typeAndRef;
    }

    /**
     * A transact result of one select per table, in the order of {@code columnsByTable}:
     * {@code [{"rows": [ROW, ...]}, ...]}. An operation that failed is a {@link VsctlException}.
     */
    static Map<String, List<DbRow>> selects(JsonParser p, VsctlSchema schema,
                                            Map<String, List<String>> columnsByTable) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        Map<String, List<DbRow>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> select : columnsByTable.entrySet()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("the server answered fewer selects than were sent");
            }
            VsctlSchema.Table table = schema.table(select.getKey());
            List<DbRow> tableRows = null;
            String error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("rows")) {
                    tableRows = rows(p, table, select.getValue());
                } else if (field.equals("error")) {
                    error = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (tableRows == null) {
                throw new VsctlException("transaction error: " + (error == null ? "no rows in the reply" : error));
            }
            rows.put(select.getKey(), tableRows);
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
        return rows;
    }

    /**
     * A monitor_cond reply with only initial rows (update2 notation), for the tables and columns
     * of {@code columnsByTable}: {@code {TABLE: {UUID: {"initial": {COLUMN: VALUE, ...}}, ...}, ...}}.
     * The server leaves out tables without rows and columns that hold their default value; those
     * read as empty tables and default values. Rows come in the server's order.
     */
    static Map<String, List<DbRow>> initialRows(JsonParser p, VsctlSchema schema,
                                                Map<String, List<String>> columnsByTable) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Map<String, List<DbRow>> rows = new LinkedHashMap<>();
        for (String table : columnsByTable.keySet()) {
            rows.put(table, new ArrayList<>());
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String table = p.currentName();
            p.nextToken();
            List<DbRow> tableRows = rows.get(table);
            if (tableRows == null) {
                p.skipChildren();
                continue;
            }
            new RowReader(schema.table(table), columnsByTable.get(table)).readUpdates(p, tableRows);
        }
        return rows;
    }

    /** Reads the rows of one table: the wanted columns' places, types and default values. */
    private static final class RowReader {
        private final VsctlSchema.Table table;
        private final List<String> wanted;
        private final Map<String, Integer> places;
        private final ColumnType[] types;
        private final Datum[] defaults;

        RowReader(VsctlSchema.Table table, List<String> wanted) {
            this.table = table;
            this.wanted = wanted;
            int n = wanted.size();
            places = new HashMap<>(n * 2);
            types = new ColumnType[n];
            defaults = new Datum[n];
            for (int i = 0; i < n; i++) {
                places.put(wanted.get(i), i);
                types[i] = table.column(wanted.get(i)).type();
                defaults[i] = IdlOrder.defaultValue(types[i]);
            }
        }

        /** {@code {UUID: {"initial": ROW}, ...}}. */
        void readUpdates(JsonParser p, List<DbRow> into) throws IOException {
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String uuid = p.currentName().toLowerCase(Locale.ROOT);
                expectNext(p, JsonToken.START_OBJECT);
                DbRow row = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String kind = p.currentName();
                    p.nextToken();
                    if (kind.equals("initial")) {
                        row = readRow(p, uuid);
                    } else {
                        p.skipChildren();
                    }
                }
                if (row == null) {
                    throw new IllegalStateException("a row of " + table.name() + " came without its initial value");
                }
                into.add(row);
            }
        }

        /** {@code {COLUMN: VALUE, ...}}, columns at their default value left out. */
        private DbRow readRow(JsonParser p, String uuid) throws IOException {
            expect(p, JsonToken.START_OBJECT);
            Datum[] values = defaults.clone();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Integer place = places.get(p.currentName());
                p.nextToken();
                if (place != null) {
                    values[place] = datum(p, types[place]);
                } else {
                    p.skipChildren();
                }
            }
            Map<String, Datum> columns = new LinkedHashMap<>(values.length * 2);
            for (int i = 0; i < values.length; i++) {
                columns.put(wanted.get(i), values[i]);
            }
            return new DbRow(uuid, columns);
        }
    }

    private static List<DbRow> rows(JsonParser p, VsctlSchema.Table table, List<String> wanted) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        // Each wanted column's place and type, looked up once rather than for every row.
        int n = wanted.size();
        Map<String, Integer> places = new HashMap<>(n * 2);
        ColumnType[] types = new ColumnType[n];
        for (int i = 0; i < n; i++) {
            places.put(wanted.get(i), i);
            types[i] = table.column(wanted.get(i)).type();
        }
        List<DbRow> rows = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String uuid = null;
            Datum[] values = new Datum[n];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                Integer place = places.get(field);
                if (place != null) {
                    values[place] = datum(p, types[place]);
                } else if (field.equals("_uuid")) {
                    uuid = (String) atom(p, AtomKind.UUID);
                } else {
                    p.skipChildren();
                }
            }
            // The columns in the order they were asked for, whatever order the server wrote them in.
            Map<String, Datum> columns = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                if (values[i] == null) {
                    throw new IllegalStateException("a row of " + table.name() + " lacks column " + wanted.get(i));
                }
                columns.put(wanted.get(i), values[i]);
            }
            if (uuid == null) {
                throw new IllegalStateException("a row of " + table.name() + " lacks its UUID");
            }
            rows.add(new DbRow(uuid, columns));
        }
        return rows;
    }

    /**
     * A datum in OVSDB notation: an atom, {@code ["set", [ATOM, ...]]} or
     * {@code ["map", [[K, V], ...]]}; a set of one element may come as the bare atom, and a UUID
     * atom is itself an array, {@code ["uuid", "..."]}, so an array is told apart by its tag.
     */
    static Datum datum(JsonParser p, ColumnType type) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return Datum.ofAtom(atom(p, type.key()));
        }
        p.nextToken();
        String tag = p.getText();
        if (tag.equals("uuid")) {
            p.nextToken();
            String uuid = p.getText().toLowerCase(Locale.ROOT);
            expectNext(p, JsonToken.END_ARRAY);
            return Datum.ofAtom(uuid);
        }
        boolean map = tag.equals("map");
        List<Object> keys = new ArrayList<>();
        List<Object> values = map ? new ArrayList<>() : null;
        expectNext(p, JsonToken.START_ARRAY);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (map) {
                expect(p, JsonToken.START_ARRAY);
                p.nextToken();
                keys.add(atom(p, type.key()));
                p.nextToken();
                values.add(atom(p, type.value()));
                expectNext(p, JsonToken.END_ARRAY);
            } else {
                keys.add(atom(p, type.key()));
            }
        }
        expectNext(p, JsonToken.END_ARRAY);
        return Datum.sorted(keys, values, type);
    }

    /** One atom of {@code kind}; for a UUID, {@code ["uuid", "..."]} as a lower-case string. */
    static Object atom(JsonParser p, AtomKind kind) throws IOException {
        switch (kind) {
            case INTEGER:
                return p.getLongValue();
            case REAL:
                return p.getDoubleValue();
            case BOOLEAN:
                return p.getBooleanValue();
            case STRING:
                return p.getText();
            default:
                expect(p, JsonToken.START_ARRAY);
                p.nextToken();
                p.nextToken();
                String uuid = p.getText().toLowerCase(Locale.ROOT);
                expectNext(p, JsonToken.END_ARRAY);
                return uuid;
        }
    }

    private static void expect(JsonParser p, JsonToken token) {
        if (p.currentToken() != token) {
            throw new IllegalStateException("unexpected JSON from the server: " + p.currentToken()
                    + " where " + token + " was expected");
        }
    }

    private static void expectNext(JsonParser p, JsonToken token) throws IOException {
        p.nextToken();
        expect(p, token);
    }
}
