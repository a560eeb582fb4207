package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code list} and {@code find}: headings and rows of datums, printed in one of the
 * five formats of lib/table.c.
 */
final class OutputTable {
    /** One cell: a datum and its type. */
    record Cell(Datum datum, ColumnType type) {
        String text(TableStyle.Cells cells) {
            StringBuilder out = new StringBuilder();
            appendText(cells, out);
            return out.toString();
        }

        void appendText(TableStyle.Cells cells, StringBuilder out) {
            switch (cells) {
                case STRING:
                    datum.appendText(type, out);
                    break;
                case BARE:
                    datum.appendBare(type, out);
                    break;
                default:
                    JsonText.append(datum.toJsonNode(type), false, out);
            }
        }
    }

    private final List<String> headings;
    private final List<List<Cell>> rows = new ArrayList<>();

    OutputTable(List<String> headings) {
        this.headings = List.copyOf(headings);
    }

    void addRow(List<Cell> cells) {
        rows.add(List.copyOf(cells));
    }

    /**
     * Appends the table in {@code style}. {@code first} is false for every table after the first
     * one printed by the invocation: list, table and CSV output then start with a blank line.
     */
    void print(TableStyle style, boolean first, StringBuilder out) {
        switch (style.format()) {
            case TABLE:
                separate(first, out);
                printTable(style, out);
                break;
            case LIST:
                separate(first, out);
                printList(style, out);
                break;
            case HTML:
                printHtml(style, out);
                break;
            case CSV:
                separate(first, out);
                printCsv(style, out);
                break;
            default:
                printJson(style, out);
        }
    }

    private static void separate(boolean first, StringBuilder out) {
        if (!first) {
            out.append('\n');
        }
    }

    private List<List<String>> texts(TableStyle style) {
        List<List<String>> texts = new ArrayList<>(rows.size());
        for (List<Cell> row : rows) {
            List<String> t = new ArrayList<>(row.size());
            for (Cell c : row) {
                t.add(c.text(style.cells()));
            }
            texts.add(t);
        }
        return texts;
    }

    private void printTable(TableStyle style, StringBuilder out) {
        List<List<String>> texts = texts(style);
        int[] widths = new int[headings.size()];
        for (int x = 0; x < widths.length; x++) {
            int w = 0;
            for (List<String> row : texts) {
                w = Math.max(w, byteLength(row.get(x)));
            }
            if (style.maxColumnWidth() > 0 && w > style.maxColumnWidth()) {
                w = style.maxColumnWidth();
            }
            if (style.headings()) {
                w = Math.max(w, byteLength(headings.get(x)));
            }
            widths[x] = w;
        }
        if (style.headings()) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < widths.length; x++) {
                if (x > 0) {
                    line.append(' ');
                }
                pad(headings.get(x), widths[x], Integer.MAX_VALUE, line);
            }
            finishLine(line, out);
            line.setLength(0);
            for (int x = 0; x < widths.length; x++) {
                if (x > 0) {
                    line.append(' ');
                }
                line.append("-".repeat(widths[x]));
            }
            finishLine(line, out);
        }
        for (List<String> row : texts) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < widths.length; x++) {
                if (x > 0) {
                    line.append(' ');
                }
                pad(row.get(x), widths[x], widths[x], line);
            }
            finishLine(line, out);
        }
    }

    /** printf("%-*.*s"): at most {@code max} bytes, padded with spaces to {@code width} bytes. */
    private static void pad(String text, int width, int max, StringBuilder out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, max);
        if (n < bytes.length) {
            // Cut at a character boundary: the output is text, so a partial character is not kept.
            while (n > 0 && (bytes[n] & 0xc0) == 0x80) {
                n--;
            }
            out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
        } else {
            out.append(text);
        }
        out.append(" ".repeat(Math.max(0, width - n)));
    }

    private static void finishLine(StringBuilder line, StringBuilder out) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        out.append(line, 0, end).append('\n');
    }

    private void printList(TableStyle style, StringBuilder out) {
        // Each heading's "name<padding>: " once, not once per row: list output is the common case
        // and runs over every row of a table.
        String[] prefixes = new String[headings.size()];
        for (int x = 0; x < prefixes.length; x++) {
            String h = headings.get(x);
            prefixes[x] = style.headings() ? h + " ".repeat(Math.max(0, 20 - byteLength(h))) + ": " : "";
        }
        for (int y = 0; y < rows.size(); y++) {
            if (y > 0) {
                out.append('\n');
            }
            List<Cell> row = rows.get(y);
            for (int x = 0; x < prefixes.length; x++) {
                out.append(prefixes[x]);
                row.get(x).appendText(style.cells(), out);
                out.append('\n');
            }
        }
    }

    private void printCsv(TableStyle style, StringBuilder out) {
        if (style.headings()) {
            for (int x = 0; x < headings.size(); x++) {
                if (x > 0) {
                    out.append(',');
                }
                csvCell(headings.get(x), out);
            }
            out.append('\n');
        }
        for (List<String> row : texts(style)) {
            for (int x = 0; x < row.size(); x++) {
                if (x > 0) {
                    out.append(',');
                }
                csvCell(row.get(x), out);
            }
            out.append('\n');
        }
    }

    private static void csvCell(String text, StringBuilder out) {
        if (text.indexOf('\n') < 0 && text.indexOf('"') < 0 && text.indexOf(',') < 0) {
            out.append(text);
        } else {
            out.append('"').append(text.replace("\"", "\"\"")).append('"');
        }
    }

    private void printHtml(TableStyle style, StringBuilder out) {
        out.append("<table border=1>\n");
        if (style.headings()) {
            out.append("  <tr>\n");
            for (String h : headings) {
                htmlCell("th", h, out);
            }
            out.append("  </tr>\n");
        }
        for (List<String> row : texts(style)) {
            out.append("  <tr>\n");
            for (int x = 0; x < row.size(); x++) {
                String content = row.get(x);
                if (headings.get(x).equals("_uuid")) {
                    out.append("    <td><a name=\"");
                    htmlEscape(content, out);
                    out.append("\">");
                    htmlEscape(new String(content.getBytes(StandardCharsets.UTF_8), 0,
                            Math.min(8, byteLength(content)), StandardCharsets.UTF_8), out);
                    out.append("</a></td>\n");
                } else {
                    htmlCell("td", content, out);
                }
            }
            out.append("  </tr>\n");
        }
        out.append("</table>\n");
    }

    private static void htmlCell(String element, String content, StringBuilder out) {
        out.append("    <").append(element).append('>');
        int i = 0;
        while (i < content.length()) {
            if (i + 36 <= content.length() && RecordIds.isUuid(content.substring(i, i + 36))) {
                out.append("<a href=\"#").append(content, i, i + 36).append("\">")
                        .append(content, i, i + 8).append("</a>");
                i += 36;
            } else {
                htmlEscape(content.substring(i, i + 1), out);
                i++;
            }
        }
        out.append("</").append(element).append(">\n");
    }

    private static void htmlEscape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                default: out.append(c);
            }
        }
    }

    private void printJson(TableStyle style, StringBuilder out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        ArrayNode h = json.putArray("headings");
        for (String heading : headings) {
            h.add(heading);
        }
        ArrayNode data = json.putArray("data");
        for (List<Cell> row : rows) {
            ArrayNode r = data.addArray();
            for (Cell c : row) {
                r.add(c.datum().toJsonNode(c.type()));
            }
        }
        JsonText.append(json, style.pretty(), out);
        out.append('\n');
    }

    static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
