package io.ovsnet.ovsdb.notation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A typed column of a table known at compile time, such as {@code Bridge.NAME}: its name, the
 * shape and atomic types this code expects, and how a value read from a {@link Row} becomes a
 * {@code T}. {@code DatabaseSchema.check} compares these expectations with a server's schema.
 *
 * @param <T> the Java type of the column's value: an atom class for {@link Kind#SCALAR},
 *            {@code Optional<E>} for {@link Kind#OPTIONAL}, {@code Set<E>} for {@link Kind#SET},
 *            {@code Map<K,V>} for {@link Kind#MAP}
 */
public final class Column<T> {

    /** The shape of a column's type (RFC 7047 section 3.2, {@code min}, {@code max} and {@code value}). */
    public enum Kind {
        /** Exactly one atom: min 1, max 1. */
        SCALAR,
        /** Zero or one atom: min 0, max 1. */
        OPTIONAL,
        /** Any set of atoms (also accepts OPTIONAL and SCALAR columns when read). */
        SET,
        /** A map (the type has a {@code value}). */
        MAP
    }

    private final String name;
    private final Kind kind;
    private final AtomicType keyType;
    private final Optional<AtomicType> valueType;

    private Column(String name, Kind kind, AtomicType keyType, Optional<AtomicType> valueType) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.keyType = keyType;
        this.valueType = valueType;
    }

    public static Column<String> string(String name) {
        return new Column<>(name, Kind.SCALAR, AtomicType.STRING, Optional.empty());
    }

    public static Column<Long> integer(String name) {
        return new Column<>(name, Kind.SCALAR, AtomicType.INTEGER, Optional.empty());
    }

    public static Column<Double> real(String name) {
        return new Column<>(name, Kind.SCALAR, AtomicType.REAL, Optional.empty());
    }

    public static Column<Boolean> bool(String name) {
        return new Column<>(name, Kind.SCALAR, AtomicType.BOOLEAN, Optional.empty());
    }

    public static Column<Uuid> uuid(String name) {
        return new Column<>(name, Kind.SCALAR, AtomicType.UUID, Optional.empty());
    }

    /** A column of zero or one atom of {@code type}, whose Java class is {@code javaType}. */
    public static <E> Column<Optional<E>> optional(String name, AtomicType type, Class<E> javaType) {
        requireJavaType(type, javaType);
        return new Column<>(name, Kind.OPTIONAL, type, Optional.empty());
    }

    /** A set column of atoms of {@code type}, whose Java class is {@code javaType}. */
    public static <E> Column<Set<E>> set(String name, AtomicType type, Class<E> javaType) {
        requireJavaType(type, javaType);
        return new Column<>(name, Kind.SET, type, Optional.empty());
    }

    /** A map column. */
    public static <K, V> Column<Map<K, V>> map(String name, AtomicType keyType, Class<K> keyClass,
                                               AtomicType valueType, Class<V> valueClass) {
        requireJavaType(keyType, keyClass);
        requireJavaType(valueType, valueClass);
        return new Column<>(name, Kind.MAP, keyType, Optional.of(valueType));
    }

    /** The common string-to-string map, such as {@code external_ids} or {@code options}. */
    public static Column<Map<String, String>> stringMap(String name) {
        return map(name, AtomicType.STRING, String.class, AtomicType.STRING, String.class);
    }

    private static void requireJavaType(AtomicType type, Class<?> javaType) {
        if (type.javaType() != javaType) {
            throw new IllegalArgumentException(type.wireName() + " atoms are " + type.javaType().getSimpleName()
                    + ", not " + javaType.getSimpleName());
        }
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The atomic type of the atoms (of the keys, for a map). */
    public AtomicType keyType() {
        return keyType;
    }

    /** The atomic type of a map's values; empty for other kinds. */
    public Optional<AtomicType> valueType() {
        return valueType;
    }

    /**
     * Converts a value as stored in a {@link Row} (atom, set or map, a one-element set and a bare
     * atom being equal) into {@code T}.
     *
     * @throws ClassCastException if the value does not have this column's type
     */
    @SuppressWarnings("unchecked")
    public T read(Object value) {
        Object typed = switch (kind) {
            case SCALAR -> {
                OvsdbSet set = asSet(value);
                if (set.size() != 1) {
                    throw new ClassCastException("column " + name + " holds " + set.size() + " values, expected one");
                }
                yield atom(set.elements().iterator().next());
            }
            case OPTIONAL -> {
                OvsdbSet set = asSet(value);
                if (set.size() > 1) {
                    throw new ClassCastException("column " + name + " holds " + set.size() + " values, expected 0 or 1");
                }
                yield set.elements().stream().findFirst().map(this::atom);
            }
            case SET -> asSet(value).elements().stream().map(this::atom)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            case MAP -> {
                if (!(value instanceof OvsdbMap map)) {
                    throw new ClassCastException("column " + name + " holds " + value + ", expected a map");
                }
                AtomicType values = valueType.orElseThrow();
                LinkedHashMap<Object, Object> result = new LinkedHashMap<>();
                map.entries().forEach((k, v) -> result.put(coerce(k, keyType), coerce(v, values)));
                yield result;
            }
        };
        if (typed instanceof Set<?> set) {
            return (T) Collections.unmodifiableSet(set);
        }
        if (typed instanceof Map<?, ?> map) {
            return (T) Collections.unmodifiableMap(map);
        }
        return (T) typed;
    }

    private OvsdbSet asSet(Object value) {
        if (value instanceof OvsdbMap) {
            throw new ClassCastException("column " + name + " holds a map, expected " + kind);
        }
        return value instanceof OvsdbSet set ? set : OvsdbSet.of(value);
    }

    private Object atom(Object value) {
        return coerce(value, keyType);
    }

    private Object coerce(Object value, AtomicType type) {
        if (type == AtomicType.REAL && value instanceof Long l) {
            return l.doubleValue();
        }
        if (!type.javaType().isInstance(value)) {
            throw new ClassCastException("column " + name + " holds " + value + ", expected " + type.wireName());
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
