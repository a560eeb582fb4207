package io.ovsnet.agent.cli.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built snapshots for unit tests: the installed Open_vSwitch schema and rows given as
 * OVSDB JSON, with every column the test does not give set to its default.
 */
final class SnapshotFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final VsctlSchema SCHEMA = loadSchema();

    private final Map<String, List<DbRow>> rows = new HashMap<>();

    private static VsctlSchema loadSchema() {
        try {
            return VsctlSchema.of(DatabaseSchema.parse(JSON.readTree(VswitchFixture.SCHEMA.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VswitchFixture.SCHEMA + " (is openvswitch-common installed?)", e);
        }
    }

    /** Adds a row; {@code columnsJson} is a JSON object of column to OVSDB datum. */
    SnapshotFixture row(String table, String uuid, String columnsJson) {
        JsonNode given;
        try {
            given = JSON.readTree(columnsJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Datum> values = new LinkedHashMap<>();
        for (VsctlSchema.Column c : SCHEMA.table(table).columns()) {
            JsonNode json = given.get(c.name());
            values.put(c.name(), json != null ? Datum.fromJson(json, c.type()) : IdlOrder.defaultValue(c.type()));
        }
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(new DbRow(uuid, values));
        return this;
    }

    Snapshot snapshot() {
        Map<String, List<DbRow>> all = new HashMap<>();
        for (String table : SCHEMA.tables().keySet()) {
            all.put(table, rows.getOrDefault(table, List.of()));
        }
        return new Snapshot(SCHEMA, IdlOrder.arrange(all, SCHEMA));
    }
}
