package io.ovsnet.agent.cli.vsctl;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How ovs-vsctl finds the row that a RECORD argument names (ctl_get_row() in lib/db-ctl-base.c and
 * the {@code tables[]} row-id list of utilities/ovs-vsctl.c): a UUID, "." for the only row, a name
 * column (possibly in another table that points to the row), or a UUID prefix of four or more
 * characters.
 */
final class RecordIds {
    private static final String UUID_TEMPLATE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    /**
     * A way to name rows of a table.
     *
     * @param nameTable the table holding the name column
     * @param nameColumn the column compared with the RECORD argument
     * @param uuidColumn when not null, the row of {@code nameTable} points with this column to
     *     the row that is meant
     */
    record RowId(String nameTable, String nameColumn, String uuidColumn) {
    }

    private static final Map<String, RowId> VSWITCH_ROW_IDS = Map.ofEntries(
            Map.entry("Bridge", new RowId("Bridge", "name", null)),
            Map.entry("Controller", new RowId("Bridge", "name", "controller")),
            Map.entry("Interface", new RowId("Interface", "name", null)),
            Map.entry("Mirror", new RowId("Mirror", "name", null)),
            Map.entry("Manager", new RowId("Manager", "target", null)),
            Map.entry("NetFlow", new RowId("Bridge", "name", "netflow")),
            Map.entry("Port", new RowId("Port", "name", null)),
            Map.entry("QoS", new RowId("Port", "name", "qos")),
            Map.entry("sFlow", new RowId("Bridge", "name", "sflow")),
            Map.entry("Flow_Table", new RowId("Flow_Table", "name", null)),
            Map.entry("IPFIX", new RowId("Bridge", "name", "ipfix")),
            Map.entry("AutoAttach", new RowId("Bridge", "name", "auto_attach")),
            Map.entry("Flow_Sample_Collector_Set", new RowId("Flow_Sample_Collector_Set", "id", null)));

    private RecordIds() {
    }

    /** The row-id of {@code table}, or null when rows of the table can only be named by UUID. */
    static RowId rowId(String table) {
        return VSWITCH_ROW_IDS.get(table);
    }

    /** uuid_from_string(): exactly a UUID in 8-4-4-4-12 hexadecimal form. */
    static boolean isUuid(String s) {
        return s.length() == UUID_TEMPLATE.length() && partialLength(s) == UUID_TEMPLATE.length();
    }

    /** uuid_is_partial_string(): the length of {@code s} if it is a prefix of some UUID, else 0. */
    static int partialLength(String s) {
        if (s.length() > UUID_TEMPLATE.length()) {
            return 0;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = UUID_TEMPLATE.charAt(i) == 'x' ? Character.digit(c, 16) >= 0 && c < 128 : c == '-';
            if (!ok) {
                return 0;
            }
        }
        return s.length();
    }

    /**
     * The row of {@code table} that {@code recordId} names, or null if none does and
     * {@code mustExist} is false.
     */
    static DbRow find(Snapshot db, String table, String recordId, boolean mustExist) {
        List<DbRow> rows = db.rows(table);
        DbRow row = null;
        if (isUuid(recordId)) {
            row = db.row(table, recordId.toLowerCase(Locale.ROOT));
        }
        if (row == null && recordId.equals(".") && rows.size() == 1) {
            row = rows.get(0);
        }
        RowId id = rowId(table);
        if (row == null && id != null) {
            row = byName(db, table, id, recordId);
        }
        if (row == null && partialLength(recordId) >= 4) {
            for (DbRow r : rows) {
                if (r.uuid().startsWith(recordId)) {
                    if (row != null) {
                        throw new VsctlException(table + " contains 2 or more rows whose UUIDs begin with "
                                + recordId + ": at least " + row.uuid() + " and " + r.uuid());
                    }
                    row = r;
                }
            }
        }
        if (row == null && mustExist) {
            throw new VsctlException("no row \"" + recordId + "\" in table " + table);
        }
        return row;
    }

    private static DbRow byName(Snapshot db, String table, RowId id, String recordId) {
        ColumnType nameType = db.schema().table(id.nameTable()).column(id.nameColumn()).type();
        if (nameType.key() == AtomKind.INTEGER && (recordId.isEmpty() || !recordId.chars().allMatch(Character::isDigit))) {
            return null;
        }
        DbRow referrer = null;
        for (DbRow r : db.rows(id.nameTable())) {
            Datum name = r.get(id.nameColumn());
            if (name.size() != 1 || !nameEquals(name.keys().get(0), nameType.key(), recordId)) {
                continue;
            }
            if (referrer != null) {
                throw new VsctlException("multiple rows in " + id.nameTable() + " match \"" + recordId + "\"");
            }
            referrer = r;
        }
        if (referrer == null || id.uuidColumn() == null) {
            return referrer;
        }
        Datum target = referrer.get(id.uuidColumn());
        return target.size() == 1 ? db.row(table, (String) target.keys().get(0)) : null;
    }

    private static boolean nameEquals(Object name, AtomKind kind, String recordId) {
        if (kind == AtomKind.INTEGER) {
            try {
                return (Long) name == Long.parseLong(recordId);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String s = (String) name;
        return s.equals(recordId) || (recordId.length() >= 4 && isUuid(s) && s.startsWith(recordId));
    }
}
