package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The select operation (RFC 7047 section 5.2.2): reads the rows that match every condition of
 * {@code where} (all rows when it is empty). Idempotent (read-only). Its result is the rows, read
 * without a schema (see {@link Row}).
 *
 * @param columns the columns to return; empty means all
 */
public record Select(String table, List<Condition> where, Optional<List<String>> columns) implements Operation<List<Row>> {

    public Select {
        Objects.requireNonNull(table, "table");
        where = List.copyOf(where);
        columns = columns.map(List::copyOf);
    }

    /** A select of all rows and columns of {@code table}. */
    public static Select from(String table) {
        return new Select(table, List.of(), Optional.empty());
    }

    /** A copy with more conditions (all must hold). */
    public Select where(Condition... conditions) {
        return new Select(table, OperationJson.plus(where, conditions), columns);
    }

    /** A copy that returns only these columns. */
    public Select columns(String... names) {
        return new Select(table, where, Optional.of(List.of(names)));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("select", table);
        json.set("where", OperationJson.conditions(where));
        columns.ifPresent(c -> json.set("columns", OperationJson.strings(c)));
        return json;
    }

    @Override
    public List<Row> result(JsonNode opResult) {
        JsonNode rows = opResult == null ? null : opResult.get("rows");
        if (rows == null || !rows.isArray()) {
            throw new MalformedJsonException("select result has no \"rows\" array: " + opResult);
        }
        List<Row> result = new ArrayList<>(rows.size());
        rows.forEach(r -> result.add(Row.fromJson(r)));
        return List.copyOf(result);
    }
}
