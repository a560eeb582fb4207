package io.ovsnet.agent.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A request body of the plugin protocol: field access that turns a missing or mistyped field into a 400. */
record Body(String method, JsonNode json) {
    /** A string field that must be present and non-empty. */
    String required(String field) {
        return optional(field).filter(s -> !s.isEmpty()).orElseThrow(() -> PluginException.badRequest(
                method + ": field " + field + " is missing or empty"));
    }

    /** A string field that may be absent, null or empty (then empty). */
    Optional<String> optional(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw PluginException.badRequest(method + ": field " + field + " must be a string");
        }
        return Optional.of(value.asText()).filter(s -> !s.isEmpty());
    }

    /** A boolean field; absent or null is false. */
    boolean flag(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw PluginException.badRequest(method + ": field " + field + " must be true or false");
        }
        return value.asBoolean();
    }

    /** An object field as a body of its own; absent or null is an empty object. */
    Body object(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return new Body(method, JsonNodeFactory.instance.objectNode());
        }
        if (!value.isObject()) {
            throw PluginException.badRequest(method + ": field " + field + " must be an object");
        }
        return new Body(method, value);
    }

    /** The string values of an object field (others are skipped); absent is empty. */
    Map<String, String> strings(String field) {
        Map<String, String> out = new TreeMap<>();
        object(field).json.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
