package io.ovsnet.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Datum;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.OvsdbMap;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A column's {@code <type>} (RFC 7047 section 3.2): key type, optional value type (then it is a
 * map), and the number of elements {@code min}..{@code max}.
 *
 * @param max the maximum number of elements; {@link #UNLIMITED} for "unlimited"
 */
public record ColumnType(BaseType key, Optional<BaseType> value, long min, long max) {
    public static final long UNLIMITED = Long.MAX_VALUE;

    public ColumnType {
        if (min < 0 || min > 1 || max < 1 || min > max) {
            throw new MalformedJsonException("column type needs min 0 or 1 and max >= max(1, min), got min "
                    + min + " max " + max);
        }
    }

    /** Reads {@code "integer"} or {@code {"key":..., "value":..., "min":..., "max":...}}. */
    public static ColumnType parse(JsonNode json) {
        if (json != null && json.isTextual()) {
            return new ColumnType(BaseType.parse(json), Optional.empty(), 1, 1);
        }
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException("a column type must be a string or an object, got " + json);
        }
        BaseType key = BaseType.parse(json.get("key"));
        Optional<BaseType> value = json.has("value") ? Optional.of(BaseType.parse(json.get("value"))) : Optional.empty();
        long min = json.has("min") ? json.get("min").asLong(-1) : 1;
        JsonNode maxJson = json.get("max");
        long max;
        if (maxJson == null) {
            max = 1;
        } else if (maxJson.isTextual() && "unlimited".equals(maxJson.asText())) {
            max = UNLIMITED;
        } else if (maxJson.isIntegralNumber()) {
            max = maxJson.asLong();
        } else {
            throw new MalformedJsonException("max must be an integer or \"unlimited\", got " + maxJson);
        }
        return new ColumnType(key, value, min, max);
    }

    public boolean isMap() {
        return value.isPresent();
    }

    /** Exactly one atom: the wire value is always a bare atom. */
    public boolean isScalar() {
        return value.isEmpty() && min == 1 && max == 1;
    }

    /** Zero or one atom. */
    public boolean isOptional() {
        return value.isEmpty() && min == 0 && max == 1;
    }

    /**
     * Whether the column can hold more than one element ({@code max > 1}). An update2 "modify"
     * diff of a composite column lists elements (or map keys) to toggle; for any other column,
     * scalar or optional, the diff is simply the new value (ovsdb-server's ovsdb_datum_diff).
     */
    public boolean isComposite() {
        return max > 1;
    }

    /** Anything that is not a scalar or a map is a set (including optional columns). */
    public boolean isSet() {
        return value.isEmpty() && !isScalar();
    }

    /**
     * Brings a value read without a schema into this type's canonical form: an atom for a scalar,
     * always an {@link OvsdbSet} for a set (a bare atom becomes a set of one), an {@link OvsdbMap}
     * for a map, and integers widened to reals where the type is real.
     *
     * @throws MalformedJsonException if the value cannot have this type
     */
    public Object normalize(Object raw) {
        if (isMap()) {
            if (!(raw instanceof OvsdbMap map)) {
                throw new MalformedJsonException("expected a map, got " + raw);
            }
            LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
            AtomicType valueType = value.orElseThrow().type();
            map.entries().forEach((k, v) -> entries.put(atom(k, key.type()), atom(v, valueType)));
            return new OvsdbMap(entries);
        }
        if (raw instanceof OvsdbMap) {
            throw new MalformedJsonException("expected " + key.type().wireName() + " atoms, got a map " + raw);
        }
        if (isScalar() && !(raw instanceof OvsdbSet)) {
            return atom(raw, key.type());
        }
        if (raw instanceof OvsdbSet s && !isScalar() && isCanonical(s)) {
            return s;
        }
        OvsdbSet set = raw instanceof OvsdbSet s ? s : OvsdbSet.of(raw);
        List<Object> atoms = new ArrayList<>(set.size());
        set.elements().forEach(e -> atoms.add(atom(e, key.type())));
        if (isScalar()) {
            if (atoms.size() != 1) {
                throw new MalformedJsonException("expected one " + key.type().wireName() + ", got " + raw);
            }
            return atoms.get(0);
        }
        return OvsdbSet.copyOf(atoms);
    }

    /** Reads a wire value of this type into canonical form (see {@link #normalize}). */
    public Object read(JsonNode json) {
        return normalize(Datum.fromJson(json));
    }

    /**
     * The default value (RFC 7047 section 5.1): the empty set or map when {@code min} is 0,
     * otherwise the key type's default atom (in a set of one for a set type).
     */
    public Object defaultValue() {
        if (isMap()) {
            return min == 0 ? OvsdbMap.of() : OvsdbMap.of(key.type().defaultAtom(), value.orElseThrow().type().defaultAtom());
        }
        if (isScalar()) {
            return key.type().defaultAtom();
        }
        return min == 0 ? OvsdbSet.of() : OvsdbSet.of(key.type().defaultAtom());
    }

    /** Whether every element already has the key type's Java form (no widening needed). */
    private boolean isCanonical(OvsdbSet set) {
        Class<?> type = key.type().javaType();
        for (Object element : set.elements()) {
            if (!type.isInstance(element)) {
                return false;
            }
        }
        return true;
    }

    private static Object atom(Object atom, AtomicType type) {
        if (type == AtomicType.REAL && atom instanceof Long l) {
            return l.doubleValue();
        }
        if (!type.javaType().isInstance(atom)) {
            throw new MalformedJsonException("expected " + type.wireName() + ", got " + atom);
        }
        return atom;
    }
}
