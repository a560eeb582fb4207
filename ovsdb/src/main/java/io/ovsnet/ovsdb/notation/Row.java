package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A row (RFC 7047 section 5.1, {@code <row>}): an immutable map from column name to value in the
 * form of {@link Datum}. A row may hold only some of its table's columns (a select with
 * {@code columns}, an update's new values, a monitor diff); the getters throw
 * {@link NoSuchElementException} naming the column when it is absent.
 *
 * <p>A set column holding one element may arrive as a bare atom; every getter treats a bare atom
 * and a one-element set alike.
 */
public final class Row {
    private static final Row EMPTY = new Row(Map.of());

    /** The column every row has: its UUID. */
    public static final String UUID_COLUMN = "_uuid";
    /** The column every row has: a UUID that changes whenever the row does. */
    public static final String VERSION_COLUMN = "_version";

    private final Map<String, Object> columns;

    private Row(Map<String, Object> normalized) {
        this.columns = normalized;
    }

    public static Row empty() {
        return EMPTY;
    }

    /** A row of the given columns; values may be anything {@link Datum#normalize} accepts. */
    public static Row of(Map<String, ?> columns) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        columns.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "column"), Datum.normalize(value)));
        return new Row(Collections.unmodifiableMap(copy));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a {@code <row>} object without a schema. */
    public static Row fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException("a row must be a JSON object, got " + json);
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            copy.put(field.getKey(), Datum.fromJson(field.getValue()));
        }
        return new Row(Collections.unmodifiableMap(copy));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        columns.forEach((name, value) -> json.set(name, Datum.toJson(value)));
        return json;
    }

    /** All columns of this row, unmodifiable. */
    public Map<String, Object> columns() {
        return columns;
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The value of {@code column} as stored (see {@link Datum}). */
    public Object get(String column) {
        Object value = columns.get(column);
        if (value == null) {
            throw new NoSuchElementException("column " + column + " is not in this row (it has " + columns.keySet() + ")");
        }
        return value;
    }

    public Optional<Object> find(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    /** The value of a typed column, converted as {@link Column#read} describes. */
    public <T> T get(Column<T> column) {
        return column.read(get(column.name()));
    }

    public String getString(String column) {
        return atom(column, String.class);
    }

    public long getLong(String column) {
        return atom(column, Long.class);
    }

    /** A real; an integer is widened (ovsdb-server may write a whole real without a fraction). */
    public double getDouble(String column) {
        Object value = single(column);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new ClassCastException("column " + column + " holds " + value + ", not a real");
    }

    public boolean getBoolean(String column) {
        return atom(column, Boolean.class);
    }

    public Uuid getUuid(String column) {
        return atom(column, Uuid.class);
    }

    /** The value as a set: a bare atom is a set of one element. */
    public OvsdbSet getSet(String column) {
        Object value = get(column);
        if (value instanceof OvsdbMap) {
            throw new ClassCastException("column " + column + " holds a map, not a set");
        }
        return value instanceof OvsdbSet set ? set : OvsdbSet.of(value);
    }

    public OvsdbMap getMap(String column) {
        Object value = get(column);
        if (value instanceof OvsdbMap map) {
            return map;
        }
        throw new ClassCastException("column " + column + " holds " + value + ", not a map");
    }

    public Map<String, String> getStringMap(String column) {
        return getMap(column).as(String.class, String.class);
    }

    /** The row's {@code _uuid}. */
    public Uuid uuid() {
        return getUuid(UUID_COLUMN);
    }

    /** A copy with {@code column} set to {@code value}. */
    public Row with(String column, Object value) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(columns);
        copy.put(Objects.requireNonNull(column, "column"), Datum.normalize(value));
        return new Row(Collections.unmodifiableMap(copy));
    }

    /** A copy with the columns of {@code other} replacing or adding to these. */
    public Row with(Row other) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(columns);
        copy.putAll(other.columns);
        return new Row(Collections.unmodifiableMap(copy));
    }

    private Object single(String column) {
        Object value = get(column);
        if (value instanceof OvsdbSet set) {
            if (set.size() != 1) {
                throw new ClassCastException("column " + column + " holds " + set.size() + " values, expected one");
            }
            return set.elements().iterator().next();
        }
        return value;
    }

    private <T> T atom(String column, Class<T> type) {
        Object value = single(column);
        if (!type.isInstance(value)) {
            throw new ClassCastException("column " + column + " holds " + value + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row other && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return columns.toString();
    }

    /** Collects columns for a row. Not thread-safe; the built row is immutable. */
    public static final class Builder {
        private final LinkedHashMap<String, Object> columns = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets a column; the value may be anything {@link Datum#normalize} accepts. */
        public Builder set(String column, Object value) {
            columns.put(Objects.requireNonNull(column, "column"), value);
            return this;
        }

        public Builder set(Column<?> column, Object value) {
            return set(column.name(), value);
        }

        public Row build() {
            return of(columns);
        }
    }
}
