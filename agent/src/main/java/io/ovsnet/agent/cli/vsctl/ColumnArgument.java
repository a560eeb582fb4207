package io.ovsnet.agent.cli.vsctl;

import java.util.List;

/**
 * A {@code COLUMN[:KEY][OP VALUE]} argument of get and find (parse_column_key_value() in
 * lib/db-ctl-base.c). Tokens end at one of {@code :=, []{}!<>} unless quoted or escaped with a
 * backslash.
 *
 * @param column the matched column
 * @param key the key text after ':', or null
 * @param operator the operator, or null when none was parsed
 * @param value the text after the operator, or null
 */
record ColumnArgument(VsctlSchema.Column column, String key, String operator, String value) {

    /** find's operators, in ovs-vsctl's order (the longest match wins). */
    static final List<String> RELOPS = List.of("=", "!=", "<", ">", "<=", ">=",
            "{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}", "{in}", "{not-in}");

    private static final String DELIMITERS = ":=, []{}!<>";

    /** The position after a token starting at {@code start}, and the token's text. */
    record Token(String text, int end) {
    }

    /** ovsdb_token_parse(). */
    static Token token(String s, int start) {
        StringBuilder out = new StringBuilder();
        boolean inQuotes = false;
        int p = start;
        while (p < s.length()) {
            char c = s.charAt(p++);
            if (c == '\\') {
                if (inQuotes) {
                    out.append('\\');
                }
                if (p >= s.length()) {
                    throw new VsctlException(s.substring(start) + ": backslash at end of argument");
                }
                out.append(s.charAt(p++));
            } else if (!inQuotes && DELIMITERS.indexOf(c) >= 0) {
                p--;
                break;
            } else {
                out.append(c);
                if (c == '"') {
                    inQuotes = !inQuotes;
                }
            }
        }
        if (inQuotes) {
            throw new VsctlException(s.substring(start) + ": quoted string extends past end of argument");
        }
        return new Token(out.toString(), p);
    }

    /** The column an argument names, as the prerequisite check reads it (pre_parse_column_key_value()). */
    static VsctlSchema.Column columnOf(String arg, VsctlSchema.Table table) {
        Token name = token(arg, 0);
        if (name.text().isEmpty()) {
            throw new VsctlException(arg + ": missing column name");
        }
        return VsctlSchema.findColumn(table, name.text());
    }

    /**
     * Parses the whole argument. With {@code operators == null} no operator may follow (get);
     * otherwise one of them must.
     */
    static ColumnArgument parse(String arg, VsctlSchema.Table table, List<String> operators) {
        Token name = token(arg, 0);
        if (name.text().isEmpty()) {
            throw new VsctlException(arg + ": missing column name");
        }
        VsctlSchema.Column column = VsctlSchema.findColumn(table, name.text());
        int p = name.end();
        String key = null;
        if (p < arg.length() && arg.charAt(p) == ':') {
            Token k = token(arg, p + 1);
            key = k.text();
            p = k.end();
        }
        if (operators == null) {
            if (p < arg.length()) {
                throw new VsctlException(arg + ": trailing garbage \"" + arg.substring(p) + "\" in argument");
            }
            return new ColumnArgument(column, key, null, null);
        }
        String best = null;
        for (String op : operators) {
            if ((best == null || op.length() > best.length()) && arg.startsWith(op, p) && p + op.length() < arg.length()) {
                best = op;
            }
        }
        if (best == null) {
            StringBuilder msg = new StringBuilder(arg + ": argument does not end in \"" + operators.get(0) + "\"");
            if (operators.size() == 2) {
                msg.append(" or \"").append(operators.get(1)).append('"');
            } else if (operators.size() > 2) {
                for (int i = 1; i < operators.size() - 1; i++) {
                    msg.append(", \"").append(operators.get(i)).append('"');
                }
                msg.append(", or \"").append(operators.get(operators.size() - 1)).append('"');
            }
            msg.append(" followed by a value.");
            throw new VsctlException(msg.toString());
        }
        return new ColumnArgument(column, key, best, arg.substring(p + best.length()));
    }
}
