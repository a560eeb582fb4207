package io.ovsnet.agent.cli.vsctl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows that one ovs-vsctl invocation needs, read in one transaction, each table's rows in the
 * order in which ovs-vsctl's IDL would iterate them.
 *
 * @param schema the database schema
 * @param rows table name to rows, for the tables that were read
 */
record Snapshot(VsctlSchema schema, Map<String, List<DbRow>> rows) {

    List<DbRow> rows(String table) {
        List<DbRow> r = rows.get(table);
        if (r == null) {
            throw new IllegalStateException("table " + table + " was not read");
        }
        return r;
    }

    /** The row of {@code table} with this UUID, or null. */
    DbRow row(String table, String uuid) {
        for (DbRow r : rows(table)) {
            if (r.uuid().equals(uuid)) {
                return r;
            }
        }
        return null;
    }

    /** An index of {@code table}'s rows by UUID. */
    Map<String, DbRow> byUuid(String table) {
        Map<String, DbRow> index = new HashMap<>();
        for (DbRow r : rows(table)) {
            index.put(r.uuid(), r);
        }
        return index;
    }
}
