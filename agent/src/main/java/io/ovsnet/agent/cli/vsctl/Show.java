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

    private final Snapshot db;
    private final Map<String, Map<String, DbRow>> index = new HashMap<>();
    private final Set<String> shown = new HashSet<>();

    Show(Snapshot db) {
        this.db = db;
        for (ShowTable t : TABLES) {
            index.put(t.table(), db.byUuid(t.table()));
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
        VsctlSchema.Table schema = db.schema().table(show.table());
        indent(level, out);
        if (show.nameColumn() != null) {
            out.append(show.table()).append(' ');
            row.get(show.nameColumn()).appendText(schema.column(show.nameColumn()).type(), out);
        } else {
            out.append(row.uuid());
        }
        out.append('\n');
        if (!shown.add(show.table())) {
            return;
        }
        for (String column : show.columns()) {
            ColumnType type = schema.column(column).type();
            Datum datum = row.get(column);
            if (type.key() == AtomKind.UUID && type.keyRefTable() != null && byName(type.keyRefTable()) != null) {
                ShowTable ref = byName(type.keyRefTable());
                for (Object uuid : datum.keys()) {
                    DbRow target = index.get(ref.table()).get((String) uuid);
                    if (target != null) {
                        row(ref, target, level + 1, out);
                    }
                }
                continue;
            }
            if (type.isMap() && type.value() == AtomKind.UUID && type.valueRefTable() != null
                    && byName(type.valueRefTable()) != null && byName(type.valueRefTable()).nameColumn() != null) {
                ShowTable ref = byName(type.valueRefTable());
                ColumnType refNameType = db.schema().table(ref.table()).column(ref.nameColumn()).type();
                indent(level + 1, out);
                out.append(column).append(":\n");
                for (int i = 0; i < datum.size(); i++) {
                    indent(level + 2, out);
                    type.key().appendText(datum.keys().get(i), out);
                    out.append('=');
                    DbRow target = index.get(ref.table()).get((String) datum.values().get(i));
                    if (target != null) {
                        target.get(ref.nameColumn()).appendText(refNameType, out);
                    } else {
                        out.append("\"<null>\"");
                    }
                    out.append('\n');
                }
                continue;
            }
            if (!datum.isDefault(type)) {
                indent(level + 1, out);
                out.append(column).append(": ");
                datum.appendText(type, out);
                out.append('\n');
            }
        }
        shown.remove(show.table());
    }

    private static void indent(int level, StringBuilder out) {
        out.append(" ".repeat(4 * level));
    }
}
