package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Row;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The wait operation (RFC 7047 section 5.2.6): the transaction waits until the {@code columns} of
 * the rows matching {@code where} are ({@link Until#EQUALS}) or are not ({@link Until#NOT_EQUALS})
 * exactly {@code rows}. With a timeout of 0 it is a compare-and-set guard: the transaction fails at
 * once with "timed out" when the rows differ. Idempotent (read-only).
 *
 * @param timeoutMillis how long the server waits; empty means forever
 */
public record Wait(String table, List<Condition> where, List<String> columns, Until until, List<Row> rows,
                   Optional<Long> timeoutMillis) implements Operation<Void> {

    /** The {@code until} member. */
    public enum Until {
        EQUALS("=="),
        NOT_EQUALS("!=");

        private final String wire;

        Until(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Wait {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(until, "until");
        where = List.copyOf(where);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        timeoutMillis.ifPresent(t -> {
            if (t < 0) {
                throw new IllegalArgumentException("timeout must not be negative: " + t);
            }
        });
    }

    /** A wait on {@code table} until the matched rows' {@code columns} equal {@code rows}, forever. */
    public static Wait until(String table, Until until, List<String> columns, List<Row> rows) {
        return new Wait(table, List.of(), columns, until, rows, Optional.empty());
    }

    public Wait where(Condition... conditions) {
        return new Wait(table, OperationJson.plus(where, conditions), columns, until, rows, timeoutMillis);
    }

    public Wait timeout(long millis) {
        return new Wait(table, where, columns, until, rows, Optional.of(millis));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("wait", table);
        timeoutMillis.ifPresent(t -> json.put("timeout", t));
        json.set("where", OperationJson.conditions(where));
        json.set("columns", OperationJson.strings(columns));
        json.put("until", until.wire());
        ArrayNode array = json.putArray("rows");
        rows.forEach(r -> array.add(r.toJson()));
        return json;
    }

    @Override
    public Void result(JsonNode opResult) {
        return null;
    }
}
