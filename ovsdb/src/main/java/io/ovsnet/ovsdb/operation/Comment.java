package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The comment operation (RFC 7047 section 5.2.9): a note stored in the database log with the
 * transaction. Idempotent (changes no data).
 */
public record Comment(String comment) implements Operation<Void> {

    public Comment {
        Objects.requireNonNull(comment, "comment");
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("comment", null);
        json.put("comment", comment);
        return json;
    }

    @Override
    public Void result(JsonNode opResult) {
        return null;
    }
}
