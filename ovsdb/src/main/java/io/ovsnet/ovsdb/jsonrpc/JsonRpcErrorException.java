package io.ovsnet.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.OvsdbException;

/**
 * The server answered a call with a JSON-RPC {@code "error"} (RFC 7047 section 4.1). OVSDB sends
 * either a bare string or an object {@code {"error": "...", "details": "..."}}; both are mapped
 * to {@link #error()} and {@link #details()}. Not retryable: the same request gets the same answer.
 */
public final class JsonRpcErrorException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode errorJson;

    private JsonRpcErrorException(String error, String details, JsonNode errorJson) {
        super(error, details, false);
        this.errorJson = errorJson;
    }

    /** Builds the exception from the {@code "error"} member of a reply. */
    public static JsonRpcErrorException of(JsonNode error) {
        if (error.isObject()) {
            String text = error.path("error").isTextual() ? error.get("error").asText() : error.toString();
            String details = error.path("details").isTextual() ? error.get("details").asText() : null;
            return new JsonRpcErrorException(text, details, error);
        }
        return new JsonRpcErrorException(error.isTextual() ? error.asText() : error.toString(), null, error);
    }

    /** The {@code "error"} member exactly as the server sent it. */
    public JsonNode errorJson() {
        return errorJson;
    }
}
