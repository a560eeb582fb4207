package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The commit operation (RFC 7047 section 5.2.7): with {@code durable} true the server replies only
 * once the transaction is on stable storage. Idempotent.
 */
public record Commit(boolean durable) implements Operation<Void> {

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("commit", null);
        json.put("durable", durable);
        return json;
    }

    @Override
    public Void result(JsonNode opResult) {
        return null;
    }
}
