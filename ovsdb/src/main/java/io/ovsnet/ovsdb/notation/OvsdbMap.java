package io.ovsnet.ovsdb.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OVSDB map (RFC 7047 section 5.1, {@code <map>}): immutable, keys and values are atoms
 * normalised by {@link Datum#atom(Object)}, in insertion order (equality ignores order). Written
 * {@code ["map",[[k1,v1],[k2,v2],...]]}.
 */
public record OvsdbMap(Map<Object, Object> entries) {

    public OvsdbMap {
        LinkedHashMap<Object, Object> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(Datum.atom(k), Datum.atom(v)));
        entries = Collections.unmodifiableMap(copy);
    }

    /** A map from alternating keys and values: {@code of("k1", "v1", "k2", "v2")}. */
    public static OvsdbMap of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new OvsdbMap(map);
    }

    public static OvsdbMap copyOf(Map<?, ?> map) {
        return new OvsdbMap(new LinkedHashMap<Object, Object>(map));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The entries as a map of {@code keyType} to {@code valueType}.
     *
     * @throws ClassCastException naming the first key or value of another type
     */
    public <K, V> Map<K, V> as(Class<K> keyType, Class<V> valueType) {
        LinkedHashMap<K, V> typed = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (!keyType.isInstance(k) || !valueType.isInstance(v)) {
                throw new ClassCastException("map entry " + k + "=" + v + " is not "
                        + keyType.getSimpleName() + "=" + valueType.getSimpleName());
            }
            typed.put(keyType.cast(k), valueType.cast(v));
        });
        return Collections.unmodifiableMap(typed);
    }

    /**
     * Applies an update2 "modify" diff of a map column whose {@code max} is above 1: a key of {@code diff} absent here is
     * added; a key present with the same value is removed; a key present with another value
     * takes the value from {@code diff}.
     */
    public OvsdbMap applyDiff(OvsdbMap diff) {
        LinkedHashMap<Object, Object> result = new LinkedHashMap<>(entries);
        diff.entries.forEach((k, v) -> {
            Object old = result.get(k);
            if (v.equals(old)) {
                result.remove(k);
            } else {
                result.put(k, v);
            }
        });
        return new OvsdbMap(result);
    }

    /** {@code ["map",[[k,v],...]]}. */
    public JsonNode toJson() {
        ArrayNode body = JsonNodeFactory.instance.arrayNode(entries.size());
        entries.forEach((k, v) -> {
            ArrayNode pair = body.addArray();
            pair.add(Datum.atomToJson(k));
            pair.add(Datum.atomToJson(v));
        });
        return Datum.tagged("map", body);
    }

    /** Reads {@code ["map",[[k,v],...]]}. */
    public static OvsdbMap fromJson(JsonNode json) {
        if (json == null || !json.isArray() || json.size() != 2 || !"map".equals(json.get(0).asText(null))
                || !json.get(1).isArray()) {
            throw new MalformedJsonException("expected [\"map\", [...]], got " + json);
        }
        LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
        for (JsonNode pair : json.get(1)) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new MalformedJsonException("map entry is not a [key, value] pair: " + pair);
            }
            map.put(Datum.atomFromJson(pair.get(0)), Datum.atomFromJson(pair.get(1)));
        }
        return new OvsdbMap(map);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
