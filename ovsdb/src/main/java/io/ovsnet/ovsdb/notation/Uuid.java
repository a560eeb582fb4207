package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.UUID;

/**
 * A row's UUID (RFC 7047 section 5.1, {@code <uuid>}): written {@code ["uuid","xxxxxxxx-..."]}.
 */
public record Uuid(UUID value) {
    public Uuid {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the 36-character text form; other forms that {@link UUID#fromString} accepts are refused. */
    public static Uuid parse(String text) {
        if (text == null || text.length() != 36) {
            throw new MalformedJsonException("not a UUID: " + text);
        }
        long high = (hex(text, 0, 8) << 32) | (hex(text, 9, 13) << 16) | hex(text, 14, 18);
        long low = (hex(text, 19, 23) << 48) | hex(text, 24, 36);
        return new Uuid(new UUID(high, low));
    }

    /** The hex digits text[from, to), which must be preceded by '-' unless at the start. */
    private static long hex(String text, int from, int to) {
        if (from > 0 && text.charAt(from - 1) != '-') {
            throw new MalformedJsonException("not a UUID: " + text);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) > 'f') {
                throw new MalformedJsonException("not a UUID: " + text);
            }
            value = value << 4 | digit;
        }
        return value;
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
