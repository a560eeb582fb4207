package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place where Java values and RFC 7047 section 5.1 JSON values meet.
 *
 * <p>In memory a value is one of: an atom ({@link Long}, {@link Double}, {@link Boolean},
 * {@link String}, {@link Uuid}), a {@link NamedUuid} (only in requests), an {@link OvsdbSet} or an
 * {@link OvsdbMap}. {@link #normalize} also accepts the obvious Java forms (Integer, Float,
 * {@link UUID}, any {@link Collection}, {@link Map} or {@link Optional}) and turns them into these.
 *
 * <p>On the wire a set of exactly one element is written as the bare atom, as ovsdb-server does;
 * reading accepts both forms. Without a schema a bare atom read from the wire stays an atom:
 * {@link Row} getters and {@code ColumnType} in the schema package treat the two alike.
 */
public final class Datum {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Datum() {
    }

    /** Turns a Java value into the canonical in-memory form described above. */
    public static Object normalize(Object value) {
        if (value instanceof OvsdbSet || value instanceof OvsdbMap) {
            return value;
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(OvsdbSet::of).orElse(OvsdbSet.of());
        }
        if (value instanceof Collection<?> collection) {
            return OvsdbSet.copyOf(collection);
        }
        if (value instanceof Map<?, ?> map) {
            return OvsdbMap.copyOf(map);
        }
        return atom(value);
    }

    /** Normalises an atom (or a named-uuid, which stands for a UUID atom in requests). */
    public static Object atom(Object value) {
        if (value instanceof Long || value instanceof Double || value instanceof Boolean
                || value instanceof String || value instanceof Uuid || value instanceof NamedUuid) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof UUID uuid) {
            return new Uuid(uuid);
        }
        throw new IllegalArgumentException("not an OVSDB atom: " + value
                + (value == null ? "" : " (" + value.getClass().getName() + ")"));
    }

    /** Writes any value that {@link #normalize} accepts. */
    public static JsonNode toJson(Object value) {
        Object v = normalize(value);
        if (v instanceof OvsdbSet set) {
            return set.toJson();
        }
        if (v instanceof OvsdbMap map) {
            return map.toJson();
        }
        return atomToJson(v);
    }

    static JsonNode atomToJson(Object atom) {
        if (atom instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (atom instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (atom instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (atom instanceof String s) {
            return JSON.textNode(s);
        }
        if (atom instanceof Uuid u) {
            return u.toJson();
        }
        if (atom instanceof NamedUuid n) {
            return n.toJson();
        }
        throw new IllegalArgumentException("not an OVSDB atom: " + atom);
    }

    /**
     * Reads a {@code <value>}: an atom, {@code ["set",[...]]}, {@code ["map",[[k,v],...]]},
     * {@code ["uuid",...]} or {@code ["named-uuid",...]}.
     *
     * @throws MalformedJsonException if {@code json} is none of these
     */
    public static Object fromJson(JsonNode json) {
        if (json != null && json.isArray() && json.size() == 2 && json.get(0).isTextual()) {
            switch (json.get(0).asText()) {
                case "set":
                    return OvsdbSet.fromJson(json);
                case "map":
                    return OvsdbMap.fromJson(json);
                default:
                    break;
            }
        }
        return atomFromJson(json);
    }

    static Object atomFromJson(JsonNode json) {
        if (json == null) {
            throw new MalformedJsonException("missing value");
        }
        if (json.isTextual()) {
            return json.asText();
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        if (json.isIntegralNumber()) {
            if (!json.canConvertToLong()) {
                throw new MalformedJsonException("integer out of 64-bit range: " + json);
            }
            return json.asLong();
        }
        if (json.isFloatingPointNumber()) {
            return json.asDouble();
        }
        if (json.isArray() && json.size() == 2 && json.get(0).isTextual() && json.get(1).isTextual()) {
            switch (json.get(0).asText()) {
                case "uuid":
                    return Uuid.parse(json.get(1).asText());
                case "named-uuid":
                    try {
                        return new NamedUuid(json.get(1).asText());
                    } catch (IllegalArgumentException e) {
                        throw new MalformedJsonException(e.getMessage());
                    }
                default:
                    break;
            }
        }
        throw new MalformedJsonException("not an OVSDB value: " + json);
    }

    static ArrayNode tagged(String tag, JsonNode body) {
        ArrayNode array = JSON.arrayNode(2);
        array.add(tag);
        array.add(body);
        return array;
    }
}
