package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A condition (RFC 7047 section 5.1, {@code <condition>}): {@code [column, function, value]}, for
 * the {@code where} of select, update, mutate, delete and wait, and for monitor_cond.
 *
 * @param value anything {@link Datum#normalize} accepts; stored normalised
 */
public record Condition(String column, Function function, Object value) {

    /** The functions of RFC 7047 section 5.1, with their wire strings. */
    public enum Function {
        LESS_THAN("<"),
        LESS_THAN_OR_EQUALS("<="),
        EQUALS("=="),
        NOT_EQUALS("!="),
        GREATER_THAN_OR_EQUALS(">="),
        GREATER_THAN(">"),
        INCLUDES("includes"),
        EXCLUDES("excludes");

        private final String wire;

        Function(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Function fromWire(String wire) {
            for (Function f : values()) {
                if (f.wire.equals(wire)) {
                    return f;
                }
            }
            throw new MalformedJsonException("unknown condition function: " + wire);
        }
    }

    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(function, "function");
        value = Datum.normalize(value);
    }

    public static Condition eq(String column, Object value) {
        return new Condition(column, Function.EQUALS, value);
    }

    public static Condition ne(String column, Object value) {
        return new Condition(column, Function.NOT_EQUALS, value);
    }

    public static Condition lt(String column, Object value) {
        return new Condition(column, Function.LESS_THAN, value);
    }

    public static Condition le(String column, Object value) {
        return new Condition(column, Function.LESS_THAN_OR_EQUALS, value);
    }

    public static Condition gt(String column, Object value) {
        return new Condition(column, Function.GREATER_THAN, value);
    }

    public static Condition ge(String column, Object value) {
        return new Condition(column, Function.GREATER_THAN_OR_EQUALS, value);
    }

    public static Condition includes(String column, Object value) {
        return new Condition(column, Function.INCLUDES, value);
    }

    public static Condition excludes(String column, Object value) {
        return new Condition(column, Function.EXCLUDES, value);
    }

    /** {@code column == value} for a typed column. */
    public static <T> Condition eq(Column<T> column, T value) {
        return eq(column.name(), value);
    }

    /** {@code column != value} for a typed column. */
    public static <T> Condition ne(Column<T> column, T value) {
        return ne(column.name(), value);
    }

    /** Matches rows whose {@code _uuid} is {@code uuid}. */
    public static Condition uuidEquals(Uuid uuid) {
        return eq(Row.UUID_COLUMN, uuid);
    }

    public ArrayNode toJson() {
        ArrayNode json = JsonNodeFactory.instance.arrayNode(3);
        json.add(column);
        json.add(function.wire());
        json.add(Datum.toJson(value));
        return json;
    }

    /** Reads {@code [column, function, value]}. */
    public static Condition fromJson(JsonNode json) {
        if (json == null || !json.isArray() || json.size() != 3 || !json.get(0).isTextual() || !json.get(1).isTextual()) {
            throw new MalformedJsonException("expected [column, function, value], got " + json);
        }
        return new Condition(json.get(0).asText(), Function.fromWire(json.get(1).asText()), Datum.fromJson(json.get(2)));
    }
}
