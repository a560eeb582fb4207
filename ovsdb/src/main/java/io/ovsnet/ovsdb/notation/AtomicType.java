package io.ovsnet.ovsdb.notation;

import java.util.Optional;

/**
 * The five atomic types of RFC 7047 section 3.2 ({@code <atomic-type>}), with the Java class that
 * represents an atom of each type in this library.
 */
public enum AtomicType {
    INTEGER("integer", Long.class, 0L),
    REAL("real", Double.class, 0.0),
    BOOLEAN("boolean", Boolean.class, false),
    STRING("string", String.class, ""),
    UUID("uuid", Uuid.class, new Uuid(new java.util.UUID(0, 0)));

    private final String wireName;
    private final Class<?> javaType;
    private final Object defaultAtom;

    AtomicType(String wireName, Class<?> javaType, Object defaultAtom) {
        this.wireName = wireName;
        this.javaType = javaType;
        this.defaultAtom = defaultAtom;
    }

    /** The name used in schemas, such as {@code "integer"}. */
    public String wireName() {
        return wireName;
    }

    /** The class of atoms of this type: Long, Double, Boolean, String or {@link Uuid}. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The default atom (RFC 7047 section 5.1 default values): 0, 0.0, false, "" or the all-zero UUID. */
    public Object defaultAtom() {
        return defaultAtom;
    }

    /** The type named {@code wireName} in a schema, if any. */
    public static Optional<AtomicType> fromWireName(String wireName) {
        for (AtomicType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type of an atom already normalised by {@link Datum#atom(Object)}. */
    public static AtomicType of(Object atom) {
        for (AtomicType type : values()) {
            if (type.javaType.isInstance(atom)) {
                return type;
            }
        }
        throw new IllegalArgumentException("not an atom: " + atom);
    }
}
