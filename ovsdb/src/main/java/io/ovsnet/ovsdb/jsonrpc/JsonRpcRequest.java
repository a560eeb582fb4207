package io.ovsnet.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A JSON-RPC 1.0 request or notification: {@code {"id": ..., "method": ..., "params": [...]}}.
 * A notification has the id {@code null} and gets no reply.
 *
 * @param id the request id (any JSON value; {@link NullNode} for a notification)
 * @param method the method name, such as {@code "transact"}
 * @param params the parameters, a JSON array for every OVSDB method
 */
public record JsonRpcRequest(JsonNode id, String method, JsonNode params) {

    public JsonRpcRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
    }

    /** A notification: a request without id, which the peer never answers. */
    public static JsonRpcRequest notification(String method, JsonNode params) {
        return new JsonRpcRequest(NullNode.getInstance(), method, params);
    }

    public boolean isNotification() {
        return id.isNull();
    }

    /** The wire form. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("id", id);
        node.put("method", method);
        node.set("params", params);
        return node;
    }
}
