package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The five OVSDB atomic types with the text forms that ovs-vsctl uses for them (lib/ovsdb-data.c):
 * atoms are held as {@code Long}, {@code Double}, {@code Boolean}, {@code String}, and for UUIDs the
 * lower-case 36-character {@code String}.
 */
enum AtomKind {
    INTEGER("integer"),
    REAL("real"),
    BOOLEAN("boolean"),
    STRING("string"),
    UUID("uuid");

    private static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

    private final String wireName;

    AtomKind(String wireName) {
        this.wireName = wireName;
    }

    static AtomKind of(String wireName) {
        for (AtomKind k : values()) {
            if (k.wireName.equals(wireName)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown atomic type " + wireName);
    }

    /** Orders atoms as OVSDB sorts set elements and map keys (strings bytewise, as strcmp does). */
    int compare(Object a, Object b) {
        switch (this) {
            case INTEGER:
                return Long.compare((Long) a, (Long) b);
            case REAL:
                return Double.compare((Double) a, (Double) b);
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case STRING:
                return compareUtf8((String) a, (String) b);
            default:
                return ((String) a).compareTo((String) b);
        }
    }

    /** The default atom: 0, 0.0, false, "" or the all-zero UUID. */
    Object defaultAtom() {
        switch (this) {
            case INTEGER:
                return 0L;
            case REAL:
                return 0.0;
            case BOOLEAN:
                return false;
            case STRING:
                return "";
            default:
                return ZERO_UUID;
        }
    }

    boolean isDefault(Object atom) {
        switch (this) {
            case INTEGER:
                return (Long) atom == 0L;
            case REAL:
                return (Double) atom == 0.0;
            case BOOLEAN:
                return !(Boolean) atom;
            case STRING:
                return ((String) atom).isEmpty();
            default:
                return ZERO_UUID.equals(atom);
        }
    }

    /** The atom as ovs-vsctl prints it by default: strings quoted only when they need it. */
    void appendText(Object atom, StringBuilder out) {
        switch (this) {
            case REAL:
                out.append(CFormat.general15((Double) atom));
                break;
            case STRING:
                String s = (String) atom;
                if (needsQuotes(s)) {
                    JsonText.appendString(s, out);
                } else {
                    out.append(s);
                }
                break;
            default:
                out.append(atom);
        }
    }

    /** The atom in "bare" form: strings never quoted. */
    void appendBare(Object atom, StringBuilder out) {
        if (this == STRING) {
            out.append((String) atom);
        } else {
            appendText(atom, out);
        }
    }

    /** The atom in OVSDB's JSON notation. */
    JsonNode toJsonNode(Object atom) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (this) {
            case INTEGER:
                return f.numberNode((Long) atom);
            case REAL:
                return f.numberNode((Double) atom);
            case BOOLEAN:
                return f.booleanNode((Boolean) atom);
            case STRING:
                return f.textNode((String) atom);
            default:
                return f.arrayNode().add("uuid").add((String) atom);
        }
    }

    /** Reads an atom of this kind from its OVSDB JSON notation. */
    Object fromJson(JsonNode json) {
        switch (this) {
            case INTEGER:
                return json.asLong();
            case REAL:
                return json.asDouble();
            case BOOLEAN:
                return json.asBoolean();
            case STRING:
                return json.asText();
            default:
                if (!json.isArray() || json.size() != 2) {
                    throw new IllegalArgumentException("expected [\"uuid\", <string>]: " + json);
                }
                return json.get(1).asText().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Parses an atom from command-line text as ovsdb_atom_from_string() does (without enum and
     * range constraints).
     */
    Object parse(String s) {
        switch (this) {
            case INTEGER:
                try {
                    return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                } catch (NumberFormatException e) {
                    throw new VsctlException("\"" + s + "\" is not a valid integer or range");
                }
            case REAL:
                try {
                    double d = Double.parseDouble(s.strip());
                    return d == 0.0 ? 0.0 : d;
                } catch (NumberFormatException e) {
                    throw new VsctlException("\"" + s + "\" is not a valid real number");
                }
            case BOOLEAN:
                switch (s) {
                    case "true": case "yes": case "on": case "1":
                        return true;
                    case "false": case "no": case "off": case "0":
                        return false;
                    default:
                        throw new VsctlException("\"" + s + "\" is not a valid boolean (use \"true\" or \"false\")");
                }
            case STRING:
                if (s.isEmpty()) {
                    throw new VsctlException("An empty string is not valid as input; "
                            + "use \"\" to represent the empty string");
                }
                if (s.charAt(0) != '"') {
                    return s;
                }
                if (s.length() < 2 || s.charAt(s.length() - 1) != '"') {
                    throw new VsctlException(s + ": missing quote at end of quoted string");
                }
                return JsonText.unescape(s, s.substring(1, s.length() - 1));
            default:
                if (!RecordIds.isUuid(s)) {
                    throw new VsctlException("\"" + s + "\" is not a valid UUID");
                }
                return s.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** string_needs_quotes(): anything but an identifier, "true", "false" or a UUID is quoted. */
    static boolean needsQuotes(String s) {
        if (s.isEmpty()) {
            return true;
        }
        char c = s.charAt(0);
        if (!isAsciiAlpha(c) && c != '_') {
            return true;
        }
        for (int i = 1; i < s.length(); i++) {
            c = s.charAt(i);
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.') {
                return true;
            }
        }
        return s.equals("true") || s.equals("false") || RecordIds.isUuid(s);
    }

    private static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * strcmp() of the strings' UTF-8 bytes, without encoding them: UTF-8 orders as code points
     * do, and UTF-16 units order as code points except that a surrogate (a character beyond
     * U+FFFF) sorts below U+E000..U+FFFF in UTF-16 but above them in code points.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                if (xs != Character.isSurrogate(y) && (xs ? y : x) >= '\ue000') {
                    return xs ? 1 : -1;
                }
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
