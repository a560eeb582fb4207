package io.ovsnet.agent.cli.vsctl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The order in which ovs-vsctl's IDL iterates a table's rows, which is the order of {@code list}
 * and {@code find} output. OVS keeps rows in hash maps (lib/hmap.c: buckets of singly linked lists,
 * new nodes at the head, doubling when there are more than two nodes per bucket), so the order
 * follows from the hashes and the order of insertion:
 *
 * <ol>
 *   <li>ovsdb-server sends the initial monitor reply with tables and rows in name and UUID order;
 *   <li>the client parses each JSON object into a map keyed by the hash of the member name
 *       (lib/json.c, lib/shash.c), filled in wire order, and processes tables and rows in the
 *       order of those maps;
 *   <li>the IDL inserts each row into its table, keyed by the UUID's first 32 bits (uuid_hash());
 *       but a row referenced by a row processed earlier was already inserted then, as an
 *       "orphan" placeholder, at the time of that reference (lib/ovsdb-idl.c). Every column is
 *       parsed, monitored or not; an unmonitored column holds its default value, and for a
 *       reference column with a minimum of one element (Port.interfaces) that refers to the
 *       all-zero UUID, whose placeholder then takes a place in the referenced table.
 * </ol>
 *
 * This class replays those insertions (the golden tests check it against ovs-vsctl on tables of
 * hundreds of rows); it has no state.
 */
final class IdlOrder {
    private IdlOrder() {
    }

    /**
     * The rows of each table in the IDL's iteration order, for an IDL that monitors exactly the
     * given rows' columns.
     */
    static Map<String, List<DbRow>> arrange(Map<String, List<DbRow>> selected, VsctlSchema schema) {
        List<String> tables = new ArrayList<>(selected.keySet());
        tables.sort(null);
        Map<String, LinkedHashMap<String, DbRow>> inserted = new HashMap<>();
        for (String table : iterate(tables, IdlOrder::hashString)) {
            LinkedHashMap<String, DbRow> rows = inserted.computeIfAbsent(table, t -> new LinkedHashMap<>());
            List<VsctlSchema.Column> references = referenceColumns(schema.table(table));
            for (DbRow row : parseOrder(selected.get(table))) {
                rows.put(row.uuid(), row);
                for (VsctlSchema.Column column : references) {
                    ColumnType type = column.type();
                    Datum value = row.columns().get(column.name());
                    if (value == null) {
                        // Not monitored: the IDL parses the column's default value, which for a
                        // reference column with a minimum of 1 refers to the all-zero UUID.
                        value = defaultValue(type);
                    }
                    orphans(type.keyRefTable(), value.keys(), inserted);
                    if (type.isMap()) {
                        orphans(type.valueRefTable(), value.values(), inserted);
                    }
                }
            }
        }
        Map<String, List<DbRow>> ordered = new HashMap<>();
        for (String table : tables) {
            List<String> uuids = new ArrayList<>(inserted.get(table).keySet());
            List<DbRow> rows = new ArrayList<>();
            for (String uuid : iterate(uuids, IdlOrder::uuidHash)) {
                DbRow row = inserted.get(table).get(uuid);
                if (row != null) {
                    rows.add(row);
                }
            }
            ordered.put(table, rows);
        }
        return ordered;
    }

    /** The columns of {@code table} that refer to rows of other tables, in schema order. */
    private static List<VsctlSchema.Column> referenceColumns(VsctlSchema.Table table) {
        List<VsctlSchema.Column> references = new ArrayList<>();
        for (VsctlSchema.Column column : table.columns()) {
            if (column.type().keyRefTable() != null || column.type().valueRefTable() != null) {
                references.add(column);
            }
        }
        return references;
    }

    /** The value the IDL gives a column of {@code type} that it does not monitor: {@code min} default atoms. */
    static Datum defaultValue(ColumnType type) {
        List<Object> keys = new ArrayList<>();
        List<Object> values = type.isMap() ? new ArrayList<>() : null;
        for (long i = 0; i < type.min(); i++) {
            keys.add(type.key().defaultAtom());
            if (values != null) {
                values.add(type.value().defaultAtom());
            }
        }
        return new Datum(keys, values);
    }

    /** Inserts placeholders for referenced rows not inserted yet. */
    private static void orphans(String refTable, List<Object> uuids, Map<String, LinkedHashMap<String, DbRow>> inserted) {
        if (refTable == null) {
            return;
        }
        LinkedHashMap<String, DbRow> target = inserted.computeIfAbsent(refTable, t -> new LinkedHashMap<>());
        for (Object uuid : uuids) {
            target.putIfAbsent((String) uuid, null);
        }
    }

    /** The rows of one table in the order the client processes them. */
    private static List<DbRow> parseOrder(List<DbRow> rows) {
        DbRow[] wire = rows.toArray(new DbRow[0]);
        java.util.Arrays.sort(wire, BY_UUID);
        return iterate(java.util.Arrays.asList(wire), ROW_NAME_HASH);
    }

    /** Rows in the order of their UUIDs' text, which is the order of the UUIDs' bits. */
    private static final java.util.Comparator<DbRow> BY_UUID = new java.util.Comparator<>() {
        @Override
        public int compare(DbRow a, DbRow b) {
            return a.uuid().compareTo(b.uuid());
        }
    };

    /** A row's place in a JSON object keyed by its UUID (the hash of the member name). */
    private static final ToIntFunction<DbRow> ROW_NAME_HASH = new ToIntFunction<>() {
        @Override
        public int applyAsInt(DbRow row) {
            return hashString(row.uuid());
        }
    };

    /**
     * The iteration order of an OVS hmap after inserting {@code items} in order: each node goes to
     * the head of its bucket's chain, and on each expansion the old buckets' nodes, bucket by
     * bucket and each chain from its head, are inserted again the same way. The chains are kept
     * as index arrays, and each item's hash is computed once.
     */
    static <T> List<T> iterate(List<T> items, ToIntFunction<T> hash) {
        int count = items.size();
        int[] hashes = new int[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = hash.applyAsInt(items.get(i));
        }
        int[] next = new int[count];
        int mask = 0;
        int[] heads = {-1};
        for (int i = 0; i < count; i++) {
            int b = hashes[i] & mask;
            next[i] = heads[b];
            heads[b] = i;
            int n = i + 1;
            if (n / 2 > mask) {
                int newMask = calcMask(n);
                if (newMask > mask) {
                    int[] resized = new int[newMask + 1];
                    java.util.Arrays.fill(resized, -1);
                    for (int head : heads) {
                        for (int node = head; node >= 0; ) {
                            int following = next[node];
                            int nb = hashes[node] & newMask;
                            next[node] = resized[nb];
                            resized[nb] = node;
                            node = following;
                        }
                    }
                    heads = resized;
                    mask = newMask;
                }
            }
        }
        List<T> order = new ArrayList<>(count);
        for (int head : heads) {
            for (int node = head; node >= 0; node = next[node]) {
                order.add(items.get(node));
            }
        }
        return order;
    }

    /** calc_mask() in lib/hmap.c. */
    private static int calcMask(int capacity) {
        int mask = capacity / 2;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= (mask & 1) << 1;
        return mask;
    }

    /** uuid_hash(): the UUID's first 32 bits. */
    static int uuidHash(String uuid) {
        return (int) Long.parseLong(uuid.substring(0, 8), 16);
    }

    /** hash_string(s, 0) in lib/hash.h: 32-bit murmur over the bytes, little-endian words. */
    static int hashString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int hash = 0;
        int i = 0;
        for (; i + 4 <= b.length; i += 4) {
            hash = mhashAdd(hash, (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24);
        }
        if (i < b.length) {
            int tmp = 0;
            for (int j = 0; i + j < b.length; j++) {
                tmp |= (b[i + j] & 0xff) << (8 * j);
            }
            hash = mhashAdd(hash, tmp);
        }
        return mhashFinish(hash ^ b.length);
    }

    private static int mhashAdd(int hash, int data) {
        if (data != 0) {
            data *= 0xcc9e2d51;
            data = Integer.rotateLeft(data, 15);
            data *= 0x1b873593;
            hash ^= data;
        }
        hash = Integer.rotateLeft(hash, 13);
        return hash * 5 + 0xe6546b64;
    }

    private static int mhashFinish(int hash) {
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash;
    }
}
