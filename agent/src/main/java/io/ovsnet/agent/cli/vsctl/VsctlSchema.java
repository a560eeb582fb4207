package io.ovsnet.agent.cli.vsctl;

import io.ovsnet.ovsdb.schema.ColumnSchema;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.schema.TableSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables and columns of a database as ovs-vsctl's compiled-in IDL sees them: tables and columns
 * in name order, {@code _uuid} and {@code _version} left out.
 *
 * @param name the database name
 * @param tables the tables by name
 */
record VsctlSchema(String name, Map<String, Table> tables) {

    /**
     * One table.
     *
     * @param columns the columns in name order
     * @param byName the same columns by name (looked up for every row and cell)
     */
    record Table(String name, List<Column> columns, Map<String, Column> byName) {
        Table(String name, List<Column> columns) {
            this(name, columns, index(columns));
        }

        private static Map<String, Column> index(List<Column> columns) {
            Map<String, Column> byName = new java.util.HashMap<>(columns.size() * 2);
            for (Column c : columns) {
                byName.put(c.name(), c);
            }
            return Collections.unmodifiableMap(byName);
        }

        Column column(String columnName) {
            Column c = byName.get(columnName);
            if (c == null) {
                throw new IllegalArgumentException("no column " + columnName + " in " + name);
            }
            return c;
        }
    }

    /** One column. */
    record Column(String name, ColumnType type) {
    }

    /** The vsctl view of a schema read with the OVSDB client. */
    static VsctlSchema of(DatabaseSchema schema) {
        Map<String, Table> tables = new TreeMap<>();
        for (TableSchema t : schema.tables().values()) {
            Map<String, Column> columns = new TreeMap<>();
            for (ColumnSchema c : t.columns().values()) {
                if (!c.name().startsWith("_")) {
                    columns.put(c.name(), new Column(c.name(), ColumnType.of(c.type())));
                }
            }
            tables.put(t.name(), new Table(t.name(), List.copyOf(columns.values())));
        }
        return new VsctlSchema(schema.name(), Collections.unmodifiableMap(tables));
    }

    Table table(String tableName) {
        Table t = tables.get(tableName);
        if (t == null) {
            throw new IllegalArgumentException("no table " + tableName);
        }
        return t;
    }

    /** get_table(): the table whose name best matches {@code given}, abbreviations and case allowed. */
    Table findTable(String given) {
        List<String> names = new ArrayList<>(tables.keySet());
        List<String> best = NameMatch.best(names, given);
        if (best.isEmpty()) {
            throw new VsctlException("unknown table \"" + given + "\"");
        }
        if (best.size() > 1) {
            throw new VsctlException("\"" + given + "\" matches multiple table names: " + String.join(", ", best));
        }
        return tables.get(best.get(0));
    }

    /** get_column(): the column of {@code table} whose name best matches {@code given}. */
    static Column findColumn(Table table, String given) {
        List<String> names = new ArrayList<>();
        for (Column c : table.columns()) {
            names.add(c.name());
        }
        List<String> best = NameMatch.best(names, given);
        if (best.isEmpty()) {
            throw new VsctlException(table.name() + " does not contain a column whose name matches \"" + given + "\"");
        }
        if (best.size() > 1) {
            throw new VsctlException(table.name() + " contains more than one column whose name matches \""
                    + given + "\": " + String.join(", ", best));
        }
        return table.column(best.get(0));
    }
}
