package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** JSON pieces shared by the operations of this package. */
final class OperationJson {
    private OperationJson() {
    }

    static ObjectNode op(String name, String table) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("op", name);
        if (table != null) {
            json.put("table", table);
        }
        return json;
    }

    static ArrayNode conditions(List<Condition> where) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(where.size());
        where.forEach(c -> array.add(c.toJson()));
        return array;
    }

    static ArrayNode strings(Collection<String> strings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(strings.size());
        strings.forEach(array::add);
        return array;
    }

    static List<Condition> plus(List<Condition> where, Condition... more) {
        List<Condition> all = new ArrayList<>(where);
        all.addAll(Arrays.asList(more));
        return List.copyOf(all);
    }

    /** The {@code "count"} of an update, mutate or delete result. */
    static int count(JsonNode opResult, String op) {
        JsonNode count = opResult == null ? null : opResult.get("count");
        if (count == null || !count.canConvertToInt()) {
            throw new MalformedJsonException(op + " result has no integer \"count\": " + opResult);
        }
        return count.asInt();
    }
}
