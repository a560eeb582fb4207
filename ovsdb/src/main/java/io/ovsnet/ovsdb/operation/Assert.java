package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The assert operation (RFC 7047 section 5.2.10): the transaction fails with "not owner" unless
 * this client holds {@code lock}. Idempotent (read-only). A lock name is an {@code <id>}: a letter or
 * underscore, then letters, digits or underscores (the server answers "syntax error" otherwise).
 */
public record Assert(String lock) implements Operation<Void> {
    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Assert {
        Objects.requireNonNull(lock, "lock");
        if (!ID.matcher(lock).matches()) {
            throw new IllegalArgumentException("a lock name must match [A-Za-z_][A-Za-z0-9_]*: " + lock);
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("assert", null);
        json.put("lock", lock);
        return json;
    }

    @Override
    public Void result(JsonNode opResult) {
        return null;
    }
}
