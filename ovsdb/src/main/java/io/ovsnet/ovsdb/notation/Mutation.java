package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A mutation (RFC 7047 section 5.1, {@code <mutation>}): {@code [column, mutator, value]}, for the
 * mutate operation.
 *
 * @param value anything {@link Datum#normalize} accepts; stored normalised
 */
public record Mutation(String column, Mutator mutator, Object value) {

    /** The mutators of RFC 7047 section 5.1, with their wire strings. */
    public enum Mutator {
        SUM("+="),
        DIFFERENCE("-="),
        PRODUCT("*="),
        QUOTIENT("/="),
        REMAINDER("%="),
        INSERT("insert"),
        DELETE("delete");

        private final String wire;

        Mutator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Mutator fromWire(String wire) {
            for (Mutator m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            throw new MalformedJsonException("unknown mutator: " + wire);
        }
    }

    public Mutation {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(mutator, "mutator");
        value = Datum.normalize(value);
    }

    public static Mutation sum(String column, Object value) {
        return new Mutation(column, Mutator.SUM, value);
    }

    public static Mutation difference(String column, Object value) {
        return new Mutation(column, Mutator.DIFFERENCE, value);
    }

    public static Mutation product(String column, Object value) {
        return new Mutation(column, Mutator.PRODUCT, value);
    }

    public static Mutation quotient(String column, Object value) {
        return new Mutation(column, Mutator.QUOTIENT, value);
    }

    public static Mutation remainder(String column, Object value) {
        return new Mutation(column, Mutator.REMAINDER, value);
    }

    /** Adds the elements of a set (or the pairs of a map whose keys are absent) to a column. */
    public static Mutation insert(String column, Object value) {
        return new Mutation(column, Mutator.INSERT, value);
    }

    /** Removes the elements of a set, or from a map the pairs of a map or the keys of a set. */
    public static Mutation delete(String column, Object value) {
        return new Mutation(column, Mutator.DELETE, value);
    }

    public static Mutation insert(Column<?> column, Object value) {
        return insert(column.name(), value);
    }

    public static Mutation delete(Column<?> column, Object value) {
        return delete(column.name(), value);
    }

    public ArrayNode toJson() {
        ArrayNode json = JsonNodeFactory.instance.arrayNode(3);
        json.add(column);
        json.add(mutator.wire());
        json.add(Datum.toJson(value));
        return json;
    }

    /** Reads {@code [column, mutator, value]}. */
    public static Mutation fromJson(JsonNode json) {
        if (json == null || !json.isArray() || json.size() != 3 || !json.get(0).isTextual() || !json.get(1).isTextual()) {
            throw new MalformedJsonException("expected [column, mutator, value], got " + json);
        }
        return new Mutation(json.get(0).asText(), Mutator.fromWire(json.get(1).asText()), Datum.fromJson(json.get(2)));
    }
}
