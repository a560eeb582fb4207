package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as OVS writes it (lib/json.c): object members sorted bytewise, no spaces in
 * compact form, two spaces per level when pretty, control characters escaped, other characters
 * (including non-ASCII) written as they are, reals as {@code %.15g}.
 */
final class JsonText {
    private JsonText() {
    }

    static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    if (c < ' ') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Writes {@code json}; {@code pretty} is ovs-vsctl's {@code --pretty}. */
    static void append(JsonNode json, boolean pretty, StringBuilder out) {
        append(json, pretty, 0, out);
    }

    private static void append(JsonNode json, boolean pretty, int depth, StringBuilder out) {
        if (json.isObject()) {
            out.append('{');
            depth++;
            indent(pretty, depth, out);
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(json.properties());
            members.sort((a, b) -> Arrays.compareUnsigned(AtomKind.utf8(a.getKey()), AtomKind.utf8(b.getKey())));
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                    indent(pretty, depth, out);
                }
                appendString(members.get(i).getKey(), out);
                out.append(pretty ? ": " : ":");
                append(members.get(i).getValue(), pretty, depth, out);
            }
            out.append('}');
        } else if (json.isArray()) {
            out.append('[');
            depth++;
            if (json.size() > 0) {
                indent(pretty, depth, out);
                for (int i = 0; i < json.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                        indent(pretty, depth, out);
                    }
                    append(json.get(i), pretty, depth, out);
                }
            }
            out.append(']');
        } else if (json.isTextual()) {
            appendString(json.asText(), out);
        } else if (json.isIntegralNumber()) {
            out.append(json.asLong());
        } else if (json.isNumber()) {
            out.append(CFormat.general15(json.asDouble()));
        } else {
            out.append(json.toString());
        }
    }

    private static void indent(boolean pretty, int depth, StringBuilder out) {
        if (pretty) {
            out.append('\n');
            out.append(" ".repeat(2 * depth));
        }
    }

    /**
     * json_string_unescape(): the text between the quotes of a JSON string. {@code whole} is the
     * argument as given, for the error message.
     */
    static String unescape(String whole, String in) {
        StringBuilder out = new StringBuilder(in.length());
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '"') {
                throw new VsctlException(whole + ": quoted string may not include unescaped \"");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= in.length()) {
                throw new VsctlException(whole + ": quoted string may not end with backslash");
            }
            c = in.charAt(i);
            switch (c) {
                case '"': case '\\': case '/':
                    out.append(c);
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (i + 4 >= in.length()) {
                        throw new VsctlException(whole + ": quoted string ends within \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(in.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        throw new VsctlException(whole + ": malformed \\u escape");
                    }
                    i += 4;
                    break;
                default:
                    throw new VsctlException(whole + ": bad escape \\" + c);
            }
        }
        return out.toString();
    }
}
