package io.ovsnet.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of the {@code _Server} database's {@code Database} table (ovsdb-server(5)): what a
 * server says about one of its databases and, for a clustered one, its place in the cluster.
 *
 * @param name the database name
 * @param model {@code "standalone"}, {@code "clustered"} or {@code "relay"}
 * @param connected whether the server can reach its cluster (always true when standalone)
 * @param leader whether the server is the cluster's leader (always true when standalone)
 * @param clusterId the cluster id ({@code cid}), for a clustered database
 * @param index the last Raft log index the server has applied, for a clustered database
 */
public record ServerDatabase(String name, String model, boolean connected, boolean leader,
                             Optional<String> clusterId, OptionalLong index) {

    /** The columns this record reads, for the monitor request. */
    static final String[] COLUMNS = {"name", "model", "connected", "leader", "cid", "index"};

    /** Reads a row in the wire form of RFC 7047 (an optional column is a set of zero or one). */
    static ServerDatabase fromJson(JsonNode row) {
        JsonNode cid = optional(row.get("cid"));
        JsonNode index = optional(row.get("index"));
        return new ServerDatabase(
                row.path("name").asText(),
                row.path("model").asText(),
                row.path("connected").asBoolean(),
                row.path("leader").asBoolean(),
                cid != null && cid.isArray() && cid.size() == 2 ? Optional.of(cid.get(1).asText()) : Optional.empty(),
                index != null && index.canConvertToLong() ? OptionalLong.of(index.asLong()) : OptionalLong.empty());
    }

    private static JsonNode optional(JsonNode value) {
        if (value != null && value.isArray() && value.size() == 2 && "set".equals(value.get(0).asText())) {
            JsonNode elements = value.get(1);
            return elements.size() == 1 ? elements.get(0) : null;
        }
        return value;
    }

    public boolean isClustered() {
        return "clustered".equals(model);
    }
}
