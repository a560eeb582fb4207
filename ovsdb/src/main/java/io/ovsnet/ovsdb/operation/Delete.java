package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import java.util.List;
import java.util.Objects;

/**
 * The delete operation (RFC 7047 section 5.2.5): deletes every row that matches {@code where}.
 * Idempotent: deleting rows that are gone matches nothing and succeeds with count 0. Its result is
 * the number of rows deleted.
 */
public record Delete(String table, List<Condition> where) implements Operation<Integer> {

    public Delete {
        Objects.requireNonNull(table, "table");
        where = List.copyOf(where);
    }

    /** A delete from {@code table}; it matches all rows until {@link #where} is called. */
    public static Delete from(String table) {
        return new Delete(table, List.of());
    }

    public Delete where(Condition... conditions) {
        return new Delete(table, OperationJson.plus(where, conditions));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("delete", table);
        json.set("where", OperationJson.conditions(where));
        return json;
    }

    @Override
    public Integer result(JsonNode opResult) {
        return OperationJson.count(opResult, "delete");
    }
}
