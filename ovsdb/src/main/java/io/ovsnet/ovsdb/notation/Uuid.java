package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A row's UUID (RFC 7047 section 5.1, {@code <uuid>}): written {@code ["uuid","xxxxxxxx-..."]}.
 */
public record Uuid(UUID value) {
    private static final Pattern TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public Uuid {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the 36-character text form; other forms that {@link UUID#fromString} accepts are refused. */
    public static Uuid parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new MalformedJsonException("not a UUID: " + text);
        }
        return new Uuid(UUID.fromString(text));
    }

    /** Reads {@code ["uuid","..."]}. */
    public static Uuid fromJson(JsonNode json) {
        if (json == null || !json.isArray() || json.size() != 2 || !"uuid".equals(json.get(0).asText(null))
                || !json.get(1).isTextual()) {
            throw new MalformedJsonException("expected [\"uuid\", <string>], got " + json);
        }
        return parse(json.get(1).asText());
    }

    /** {@code ["uuid","..."]}. */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(2);
        array.add("uuid");
        array.add(value.toString());
        return array;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
