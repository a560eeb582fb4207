package io.ovsnet.agent.cli.vsctl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code show}: a tree from each Open_vSwitch row down through bridges, ports and interfaces
 * (cmd_show() in lib/db-ctl-base.c with the cmd_show_tables of utilities/ovs-vsctl.c). A row
 * prints its table and name, then its non-default columns; references to tables of the tree
 * print the referenced rows one level deeper; a table already being printed higher up is not
 * expanded again.
 */
final class Show {
    /** A table of the tree: the column that names its rows (or null) and the columns shown. */
    private record ShowTable(String table, String nameColumn, List<String> columns) {
    }

    private static final List<ShowTable> TABLES = List.of(
            new ShowTable("Open_vSwitch", null, List.of("manager_options", "bridges", "ovs_version")),
            new ShowTable("Bridge", "name", List.of("controller", "fail_mode", "datapath_type", "ports")),
            new ShowTable("Port", "name", List.of("tag", "trunks", "interfaces")),
            new ShowTable("Interface", "name", List.of("type", "options", "error", "bfd_status")),
            new ShowTable("Controller", "target", List.of("is_connected")),
            new ShowTable("Manager", "target", List.of("is_connected")));

    /**
     * A column of a shown table, resolved once against the schema rather than for every row:
     * its type, and the shown table its UUIDs (keys, or values of a map) refer to, if any.
     */
    private record ShownColumn(String name, ColumnType type, ShowTable keyRef, ShowTable valueRef,
                               ColumnType valueRefNameType) {
    }

    private final Snapshot db;
    private final Map<String, Map<String, DbRow>> index = new HashMap<>();
    private final Map<String, List<ShownColumn>> shownColumns = new HashMap<>();
    private final Map<String, ColumnType> nameTypes = new HashMap<>();
    private final Set<String> shown = new HashSet<>();

    Show(Snapshot db) {
        this.db = db;
        for (ShowTable t : TABLES) {
            index.put(t.table(), db.byUuid(t.table()));
            VsctlSchema.Table schema = db.schema().table(t.table());
            if (t.nameColumn() != null) {
                nameTypes.put(t.table(), schema.column(t.nameColumn()).type());
            }
            List<ShownColumn> columns = new java.util.ArrayList<>();
            for (String column : t.columns()) {
                ColumnType type = schema.column(column).type();
                ShowTable keyRef = type.key() == AtomKind.UUID && type.keyRefTable() != null
                        ? byName(type.keyRefTable()) : null;
                ShowTable valueRef = type.isMap() && type.value() == AtomKind.UUID && type.valueRefTable() != null
                        && byName(type.valueRefTable()) != null && byName(type.valueRefTable()).nameColumn() != null
                        ? byName(type.valueRefTable()) : null;
                ColumnType valueRefNameType = valueRef == null ? null
                        : db.schema().table(valueRef.table()).column(valueRef.nameColumn()).type();
                columns.add(new ShownColumn(column, type, keyRef, valueRef, valueRefNameType));
            }
            shownColumns.put(t.table(), columns);
        }
    }

    static void require(ReadSet reads) {
        for (ShowTable t : TABLES) {
            if (t.nameColumn() != null) {
                reads.column(t.table(), t.nameColumn());
            }
            reads.columns(t.table(), t.columns());
        }
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (DbRow row : db.rows("Open_vSwitch")) {
            row(TABLES.get(0), row, 0, out);
        }
        return out.toString();
    }

    private static ShowTable byName(String table) {
        for (ShowTable t : TABLES) {
            if (t.table().equals(table)) {
                return t;
            }
        }
        return null;
    }

    private void row(ShowTable show, DbRow row, int level, StringBuilder out) {
        indent(level, out);
        if (show.nameColumn() != null) {
            out.append(show.table()).append(' ');
            row.get(show.nameColumn()).appendText(nameTypes.get(show.table()), out);
        } else {
            out.append(row.uuid());
        }
        out.append('\n');
        if (!shown.add(show.table())) {
            return;
        }
        for (ShownColumn column : shownColumns.get(show.table())) {
            ColumnType type = column.type();
            Datum datum = row.get(column.name());
            if (column.keyRef() != null) {
                Map<String, DbRow> targets = index.get(column.keyRef().table());
                for (Object uuid : datum.keys()) {
                    DbRow target = targets.get((String) uuid);
                    if (target != null) {
                        row(column.keyRef(), target, level + 1, out);
                    }
                }
                continue;
            }
            if (column.valueRef() != null) {
                ShowTable ref = column.valueRef();
                Map<String, DbRow> targets = index.get(ref.table());
                indent(level + 1, out);
                out.append(column.name()).append(":\n");
                for (int i = 0; i < datum.size(); i++) {
                    indent(level + 2, out);
                    type.key().appendText(datum.keys().get(i), out);
                    out.append('=');
                    DbRow target = targets.get((String) datum.values().get(i));
                    if (target != null) {
                        target.get(ref.nameColumn()).appendText(column.valueRefNameType(), out);
                    } else {
                        out.append("\"<null>\"");
                    }
                    out.append('\n');
                }
                continue;
            }
            if (!datum.isDefault(type)) {
                indent(level + 1, out);
                out.append(column.name()).append(": ");
                datum.appendText(type, out);
                out.append('\n');
            }
        }
        shown.remove(show.table());
    }

    private static void indent(int level, StringBuilder out) {
        for (int i = 0; i < level; i++) {
            out.append("    ");
        }
    }
}
