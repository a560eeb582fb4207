package io.ovsnet.agent.cli.vsctl;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables and columns that an invocation reads, collected while its commands are checked
 * (ovs-vsctl's "prerequisites"). Only these are selected from the server.
 */
final class ReadSet {
    private final Map<String, Set<String>> columns = new TreeMap<>();

    void table(String table) {
        columns.computeIfAbsent(table, t -> new LinkedHashSet<>());
    }

    void column(String table, String column) {
        columns.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(column);
    }

    void columns(String table, Collection<String> names) {
        columns.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(names);
    }

    /** Table name to the columns to read, in a stable order. */
    Map<String, List<String>> asMap() {
        Map<String, List<String>> m = new TreeMap<>();
        columns.forEach((t, c) -> m.put(t, List.copyOf(c)));
        return m;
    }
}
