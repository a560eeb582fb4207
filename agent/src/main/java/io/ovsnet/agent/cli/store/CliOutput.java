package io.ovsnet.agent.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * How the operator commands print: aligned text columns for people, pretty-printed JSON for
 * programs. Shared by the store commands and by {@code ovsnet status} and {@code ovsnet host}.
 */
public final class CliOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CliOutput() {
    }

    /**
     * Prints {@code rows} (the first is the heading) as columns padded to the widest cell plus two
     * spaces, the last column unpadded, each line starting with {@code indent}.
     */
    public static void table(PrintWriter out, List<List<String>> rows, String indent) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) {
                    line.append(" ".repeat(widths[i] - r.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Prints {@code node} as indented JSON. */
    public static void json(PrintWriter out, JsonNode node) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Puts {@code value} under {@code key}, or JSON {@code null} when it is empty. */
    public static void putOptional(ObjectNode o, String key, Optional<String> value) {
        value.ifPresentOrElse(v -> o.put(key, v), () -> o.putNull(key));
    }
}
