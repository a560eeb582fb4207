package io.ovsnet.agent.cli.vsctl;

/**
 * A condition of {@code find}: {@code COLUMN[:KEY] OP VALUE} (check_condition() and
 * evaluate_relop() in lib/db-ctl-base.c).
 */
final class Condition {
    private Condition() {
    }

    static boolean holds(String arg, VsctlSchema.Table table, DbRow row) {
        ColumnArgument ca = ColumnArgument.parse(arg, table, ColumnArgument.RELOPS);
        if (ca.value() == null) {
            throw new VsctlException(arg + ": missing value");
        }
        ColumnType columnType = ca.column().type();
        Datum have = row.get(ca.column().name());
        if (ca.key() == null) {
            Datum want = DatumParser.parse(ca.value(), columnType, columnType.max());
            ColumnType loose = new ColumnType(columnType.key(), columnType.keyRefTable(), columnType.value(),
                    columnType.valueRefTable(), columnType.min(), Long.MAX_VALUE);
            return evaluate(have, want, loose, ca.operator());
        }
        if (!columnType.isMap()) {
            throw new VsctlException("cannot specify key to check for non-map column " + ca.column().name());
        }
        Object wantKey = columnType.key().parse(ca.key());
        ColumnType valueType = new ColumnType(columnType.value(), columnType.valueRefTable(), null, null,
                columnType.min(), Long.MAX_VALUE);
        Datum want = DatumParser.parse(ca.value(), valueType, Long.MAX_VALUE);
        int at = have.find(wantKey, columnType.key());
        boolean setOperator = ca.operator().startsWith("{");
        if (at < 0 && !setOperator) {
            return false;
        }
        Datum a = at < 0 ? new Datum(java.util.List.of(), null) : Datum.ofAtom(have.values().get(at));
        return evaluate(a, want, valueType, ca.operator());
    }

    private static boolean evaluate(Datum a, Datum b, ColumnType type, String op) {
        switch (op) {
            case "=": case "{=}":
                return a.compare(b, type) == 0;
            case "!=": case "{!=}":
                return a.compare(b, type) != 0;
            case "<":
                return a.compare(b, type) < 0;
            case ">":
                return a.compare(b, type) > 0;
            case "<=":
                return a.compare(b, type) <= 0;
            case ">=":
                return a.compare(b, type) >= 0;
            case "{<}":
                return b.size() > a.size() && a.includedIn(b, type);
            case "{>}":
                return a.size() > b.size() && b.includedIn(a, type);
            case "{<=}": case "{in}":
                return a.includedIn(b, type);
            case "{>=}":
                return b.includedIn(a, type);
            default:
                return a.disjointFrom(b, type);
        }
    }
}
