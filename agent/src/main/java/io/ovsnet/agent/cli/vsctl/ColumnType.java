package io.ovsnet.agent.cli.vsctl;

import io.ovsnet.ovsdb.schema.BaseType;

/**
 * The type of a column (RFC 7047 section 3.2 {@code <type>}): a key type, an optional value type
 * (maps), and the minimum and maximum number of elements.
 *
 * @param key the key's atomic type
 * @param keyRefTable the table that key UUIDs refer to, or null
 * @param value the value's atomic type, or null when the column is not a map
 * @param valueRefTable the table that value UUIDs refer to, or null
 * @param min the minimum number of elements (0 or 1)
 * @param max the maximum number of elements ({@link Long#MAX_VALUE} for "unlimited")
 */
record ColumnType(AtomKind key, String keyRefTable, AtomKind value, String valueRefTable, long min, long max) {

    static final ColumnType UUID = new ColumnType(AtomKind.UUID, null, null, null, 1, 1);

    boolean isMap() {
        return value != null;
    }

    /** The same type as the OVSDB client's schema gives it. */
    static ColumnType of(io.ovsnet.ovsdb.schema.ColumnType type) {
        BaseType key = type.key();
        BaseType value = type.value().orElse(null);
        return new ColumnType(AtomKind.of(key.type().wireName()), key.refTable().orElse(null),
                value == null ? null : AtomKind.of(value.type().wireName()),
                value == null ? null : value.refTable().orElse(null), type.min(), type.max());
    }
}
