package io.ovsnet.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.UpdateFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A monitor registered by {@link OvsdbClient#monitor}: it keeps its {@link Replica} equal to the
 * monitored tables, across reconnects and leader changes, until {@link #cancel()}.
 */
public final class Monitor {
    private final OvsdbClient client;
    private final String database;
    private final JsonNode id;
    private final List<MonitorRequest> requests;
    private final Replica replica;
    private volatile UpdateFormat format;

    Monitor(OvsdbClient client, String database, JsonNode id, List<MonitorRequest> requests, Replica replica) {
        this.client = client;
        this.database = database;
        this.id = id;
        this.requests = List.copyOf(requests);
        this.replica = replica;
    }

    public String database() {
        return database;
    }

    /** The monitor id sent to the server (the {@code <json-value>} of RFC 7047 section 4.1.5). */
    public JsonNode id() {
        return id;
    }

    public List<MonitorRequest> requests() {
        return requests;
    }

    /** The local copy of the monitored tables. */
    public Replica replica() {
        return replica;
    }

    /** The update format of the current (or last) connection: which monitor method the server took. */
    public UpdateFormat format() {
        return format;
    }

    void format(UpdateFormat format) {
        this.format = format;
    }

    /**
     * Stops the monitor ({@code monitor_cancel}); the replica keeps its last state. Idempotent:
     * cancelling twice, or while disconnected, succeeds.
     */
    public CompletableFuture<Void> cancel() {
        return client.cancel(this);
    }

    @Override
    public String toString() {
        return "Monitor[" + database + ", id=" + id + "]";
    }
}
