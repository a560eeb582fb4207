package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The mutate operation (RFC 7047 section 5.2.4): applies {@code mutations} to every row that
 * matches {@code where}. Set "insert"/"delete" and map "delete" mutations are idempotent;
 * arithmetic ones ({@code +=} and so on) are not. Its result is the number of rows matched.
 */
public record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Operation<Integer> {

    public Mutate {
        Objects.requireNonNull(table, "table");
        where = List.copyOf(where);
        mutations = List.copyOf(mutations);
    }

    public static Mutate table(String table) {
        return new Mutate(table, List.of(), List.of());
    }

    public Mutate mutation(Mutation... more) {
        List<Mutation> all = new ArrayList<>(mutations);
        all.addAll(Arrays.asList(more));
        return new Mutate(table, where, all);
    }

    public Mutate where(Condition... conditions) {
        return new Mutate(table, OperationJson.plus(where, conditions), mutations);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("mutate", table);
        json.set("where", OperationJson.conditions(where));
        ArrayNode array = json.putArray("mutations");
        mutations.forEach(m -> array.add(m.toJson()));
        return json;
    }

    @Override
    public Integer result(JsonNode opResult) {
        return OperationJson.count(opResult, "mutate");
    }
}
