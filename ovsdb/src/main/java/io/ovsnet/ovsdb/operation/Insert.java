package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.Objects;
import java.util.Optional;

/**
 * The insert operation (RFC 7047 section 5.2.1): adds one row. Its result is the new row's UUID.
 * Not idempotent: each execution adds a row, unless a unique index refuses the second with
 * "constraint violation" (or an explicit {@code uuid} refuses it with "duplicate uuid").
 *
 * @param uuidName a name by which later operations of the same transaction refer to the new row
 *                 ({@link NamedUuid})
 * @param uuid     the UUID the new row must get (an Open vSwitch 2.13 extension)
 */
public record Insert(String table, Row row, Optional<String> uuidName, Optional<Uuid> uuid) implements Operation<Uuid> {

    public Insert {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(uuidName, "uuidName");
        Objects.requireNonNull(uuid, "uuid");
        uuidName.ifPresent(NamedUuid::new);
    }

    /** An insert of an empty row (all columns default) into {@code table}. */
    public static Insert into(String table) {
        return new Insert(table, Row.empty(), Optional.empty(), Optional.empty());
    }

    /** A copy that also sets {@code column}; the value may be anything {@code Datum.normalize} accepts. */
    public Insert set(String column, Object value) {
        return new Insert(table, row.with(column, value), uuidName, uuid);
    }

    public Insert set(Column<?> column, Object value) {
        return set(column.name(), value);
    }

    /** A copy whose row is {@code row}. */
    public Insert row(Row newRow) {
        return new Insert(table, newRow, uuidName, uuid);
    }

    /** A copy with a uuid-name; refer to the new row elsewhere in the transaction with {@link #ref()}. */
    public Insert withUuidName(String name) {
        return new Insert(table, row, Optional.of(name), uuid);
    }

    /** A copy that asks for this UUID for the new row (Open vSwitch 2.13 and later). */
    public Insert withUuid(Uuid explicit) {
        return new Insert(table, row, uuidName, Optional.of(explicit));
    }

    /**
     * The named-uuid of the new row, for use in other operations of the same transaction.
     *
     * @throws IllegalStateException if this insert has no uuid-name
     */
    public NamedUuid ref() {
        return new NamedUuid(uuidName.orElseThrow(() -> new IllegalStateException("insert into " + table + " has no uuid-name")));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = OperationJson.op("insert", table);
        json.set("row", row.toJson());
        uuidName.ifPresent(name -> json.put("uuid-name", name));
        uuid.ifPresent(u -> json.put("uuid", u.value().toString()));
        return json;
    }

    @Override
    public Uuid result(JsonNode opResult) {
        if (opResult == null || !opResult.has("uuid")) {
            throw new MalformedJsonException("insert result has no \"uuid\": " + opResult);
        }
        return Uuid.fromJson(opResult.get("uuid"));
    }
}
