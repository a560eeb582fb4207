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
            for (DbRow row : parseOrder(selected.get(table))) {
                rows.put(row.uuid(), row);
                for (VsctlSchema.Column column : schema.table(table).columns()) {
                    ColumnType type = column.type();
                    if (type.keyRefTable() == null && type.valueRefTable() == null) {
                        continue;
                    }
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
        List<DbRow> wire = new ArrayList<>(rows);
        wire.sort(java.util.Comparator.comparing(DbRow::uuid));
        return iterate(wire, r -> hashString(r.uuid()));
    }

    /** The iteration order of an OVS hmap after inserting {@code items} in order. */
    static <T> List<T> iterate(List<T> items, ToIntFunction<T> hash) {
        int mask = 0;
        List<List<T>> buckets = newBuckets(1);
        int n = 0;
        for (T item : items) {
            buckets.get(hash.applyAsInt(item) & mask).add(0, item);
            n++;
            if (n / 2 > mask) {
                int newMask = calcMask(n);
                if (newMask > mask) {
                    List<List<T>> resized = newBuckets(newMask + 1);
                    for (List<T> bucket : buckets) {
                        for (T node : bucket) {
                            resized.get(hash.applyAsInt(node) & newMask).add(0, node);
                        }
                    }
                    buckets = resized;
                    mask = newMask;
                }
            }
        }
        List<T> order = new ArrayList<>(items.size());
        for (List<T> bucket : buckets) {
            order.addAll(bucket);
        }
        return order;
    }

    private static <T> List<List<T>> newBuckets(int count) {
        List<List<T>> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            buckets.add(new ArrayList<>(2));
        }
        return buckets;
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
