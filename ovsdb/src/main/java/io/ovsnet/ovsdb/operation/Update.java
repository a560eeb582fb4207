package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Row;
import java.util.List;
import java.util.Objects;

/**
 * The update operation (RFC 7047 section 5.2.3): sets the columns of {@code row} in every row
 * that matches {@code where}. Idempotent: a second execution writes the same values. Its result is
 * the number of rows matched.
 */
public record Update(String table, List<Condition> where, Row row) implements Operation<Integer> {

    public Update {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        where = List.copyOf(where);
    }

    /** An update of {@code table} that sets nothing yet and matches all rows until {@link #where} is called. */
    public static Update table(String table) {
        return new Update(table, List.of(), Row.empty());
    }

    public Update set(String column, Object value) {
        return new Update(table, where, row.with(column, value));
    }

    public Update set(Column<?> column, Object value) {
        return set(column.name(), value);
    }

    public Update where(Condition... conditions) {
        return new Update(table, OperationJson.plus(where, conditions), row);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("update", table);
        json.set("where", OperationJson.conditions(where));
        json.set("row", row.toJson());
        return json;
    }

    @Override
    public Integer result(JsonNode opResult) {
        return OperationJson.count(opResult, "update");
    }
}
