package io.ovsnet.ovsdb.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Condition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to monitor in one table (RFC 7047 section 4.1.5 {@code <monitor-request>}, ovsdb-server.7
 * {@code <monitor-cond-request>}).
 *
 * @param columns the columns to report; empty means all
 * @param select  which kinds of change to report
 * @param where   for monitor_cond and monitor_cond_since only: report rows matching any of these
 *                conditions; empty means all rows
 */
public record MonitorRequest(String table, List<String> columns, Set<Select> select, List<Condition> where) {

    /** The members of {@code <monitor-select>}. */
    public enum Select {
        INITIAL, INSERT, DELETE, MODIFY;

        String wire() {
            return name().toLowerCase();
        }
    }

    public MonitorRequest {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        select = select.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(select));
        where = List.copyOf(where);
    }

    /** All columns and all rows of {@code table}, every kind of change. */
    public static MonitorRequest of(String table) {
        return new MonitorRequest(table, List.of(), EnumSet.allOf(Select.class), List.of());
    }

    public MonitorRequest columns(String... names) {
        return new MonitorRequest(table, List.of(names), select, where);
    }

    public MonitorRequest select(Select... kinds) {
        return new MonitorRequest(table, columns, Set.of(kinds), where);
    }

    public MonitorRequest where(Condition... conditions) {
        List<Condition> all = new ArrayList<>(where);
        all.addAll(Arrays.asList(conditions));
        return new MonitorRequest(table, columns, select, all);
    }

    /** This request as a {@code <monitor-request>} object. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!columns.isEmpty()) {
            ArrayNode array = json.putArray("columns");
            columns.forEach(array::add);
        }
        if (!where.isEmpty()) {
            ArrayNode array = json.putArray("where");
            where.forEach(c -> array.add(c.toJson()));
        }
        ObjectNode selectJson = json.putObject("select");
        for (Select kind : Select.values()) {
            selectJson.put(kind.wire(), select.contains(kind));
        }
        return json;
    }

    /**
     * The {@code <monitor-requests>} object: table name to an array of requests (several requests
     * for one table stay separate, as the protocol allows).
     */
    public static JsonNode requests(Collection<MonitorRequest> requests) {
        Map<String, ArrayNode> byTable = new LinkedHashMap<>();
        for (MonitorRequest request : requests) {
            byTable.computeIfAbsent(request.table(), t -> JsonNodeFactory.instance.arrayNode()).add(request.toJson());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        byTable.forEach(json::set);
        return json;
    }

    /**
     * Like {@link #requests(Collection)}, refusing conditions that {@code format}'s method cannot
     * carry (plain "monitor" has no "where").
     *
     * @throws IllegalArgumentException if a request has conditions and the format is UPDATE
     */
    public static JsonNode requests(Collection<MonitorRequest> requests, UpdateFormat format) {
        if (!format.supportsConditions()) {
            for (MonitorRequest request : requests) {
                if (!request.where.isEmpty()) {
                    throw new IllegalArgumentException("monitor of " + request.table
                            + " has conditions, which need monitor_cond or monitor_cond_since");
                }
            }
        }
        return requests(requests);
    }
}
