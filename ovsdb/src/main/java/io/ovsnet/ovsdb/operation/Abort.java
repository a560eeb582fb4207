package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The abort operation (RFC 7047 section 5.2.8): makes the whole transaction fail with error
 * "aborted", so {@link Transaction#result} always throws for a transaction that contains it.
 * Idempotent (changes nothing).
 */
public record Abort() implements Operation<Void> {

    @Override
    public ObjectNode toJson() {
        return OperationJson.op("abort", null);
    }

    @Override
    public Void result(JsonNode opResult) {
        return null;
    }
}
