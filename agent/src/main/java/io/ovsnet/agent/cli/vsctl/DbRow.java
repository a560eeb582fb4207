package io.ovsnet.agent.cli.vsctl;

import java.util.Map;

/**
 * One row as read from the database: its UUID and the columns that were read.
 *
 * @param uuid the row's {@code _uuid}, lower case
 * @param columns column name to value; only the columns that were selected
 */
record DbRow(String uuid, Map<String, Datum> columns) {

    Datum get(String column) {
        Datum d = columns.get(column);
        if (d == null) {
            throw new IllegalStateException("column " + column + " was not read");
        }
        return d;
    }

    /** The value of a column with at most one string or integer, as the first atom or null. */
    Object scalar(String column) {
        Datum d = get(column);
        return d.size() == 0 ? null : d.keys().get(0);
    }
}
