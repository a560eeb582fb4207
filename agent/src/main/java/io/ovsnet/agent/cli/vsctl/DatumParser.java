package io.ovsnet.agent.cli.vsctl;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a datum typed on the command line (ovsdb_datum_from_string() in lib/ovsdb-data.c): atoms
 * separated by spaces or commas, {@code key=value} pairs for maps, optionally in {@code []} or
 * {@code {}}, which an empty set or map needs.
 */
final class DatumParser {
    private DatumParser() {
    }

    /** Parses {@code s} as a datum of {@code type}; {@code maxElements} overrides the type's maximum. */
    static Datum parse(String s, ColumnType type, long maxElements) {
        boolean isMap = type.isMap();
        int p = skipSpaces(s, 0);
        char endDelim = 0;
        if (p < s.length() && s.charAt(p) == (isMap ? '{' : '[')) {
            endDelim = isMap ? '}' : ']';
            p = skipSpaces(s, p + 1);
        } else if (p >= s.length()) {
            throw new VsctlException(isMap ? "use \"{}\" to specify the empty map" : "use \"[]\" to specify the empty set");
        }
        List<Object> keys = new ArrayList<>();
        List<Object> values = isMap ? new ArrayList<>() : null;
        while (p < s.length() && s.charAt(p) != endDelim) {
            char c = s.charAt(p);
            if (":=, []{}!<>".indexOf(c) >= 0) {
                throw new VsctlException(s + ": unexpected \"" + c + "\" parsing " + english(type));
            }
            int start = p;
            ColumnArgument.Token key = ColumnArgument.token(s, p);
            keys.add(type.key().parse(key.text()));
            p = key.end();
            if (isMap) {
                p = skipSpaces(s, p);
                if (p < s.length() && s.charAt(p) == '=') {
                    p = skipSpaces(s, p + 1);
                    ColumnArgument.Token value = ColumnArgument.token(s, p);
                    values.add(type.value().parse(value.text()));
                    p = value.end();
                } else {
                    String at = p < s.length() ? String.valueOf(s.charAt(p)) : "";
                    throw new VsctlException(s.substring(start) + ": syntax error at \"" + at + "\" expecting \"=\"");
                }
            }
            p = skipSpaces(s, p);
            if (p < s.length() && s.charAt(p) == ',') {
                p = skipSpaces(s, p + 1);
            }
        }
        if (endDelim != 0) {
            if (p >= s.length()) {
                throw new VsctlException(s + ": missing \"" + endDelim + "\" at end of data");
            }
            p = skipSpaces(s, p + 1);
            if (p < s.length()) {
                throw new VsctlException(s + ": trailing garbage after \"" + endDelim + "\"");
            }
        }
        String what = isMap ? "pair(s)" : "value(s)";
        if (keys.size() < type.min()) {
            throw new VsctlException(s + ": " + keys.size() + " " + what + " specified but the minimum number is " + type.min());
        }
        if (keys.size() > maxElements) {
            throw new VsctlException(s + ": " + keys.size() + " " + what + " specified but the maximum number is " + maxElements);
        }
        Datum d = Datum.sorted(keys, values, type);
        for (int i = 1; i < d.size(); i++) {
            if (type.key().compare(d.keys().get(i - 1), d.keys().get(i)) == 0) {
                throw new VsctlException(s + (isMap ? ": map contains duplicate key" : ": set contains duplicate value"));
            }
        }
        return d;
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static String english(ColumnType type) {
        String key = type.key().name().toLowerCase(java.util.Locale.ROOT);
        if (type.isMap()) {
            return "map of " + key + " to " + type.value().name().toLowerCase(java.util.Locale.ROOT) + " pairs";
        }
        return type.max() > 1 ? "set of " + key + "s" : key;
    }
}
