package io.ovsnet.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.notation.MalformedJsonException;

/**
 * A {@code <column-schema>} (RFC 7047 section 3.2).
 *
 * @param ephemeral whether the column's value is lost when the server restarts
 * @param mutable   whether the column may change after insert (an Open vSwitch extension; default true)
 */
public record ColumnSchema(String name, ColumnType type, boolean ephemeral, boolean mutable) {

    public static ColumnSchema parse(String name, JsonNode json) {
        if (json == null || !json.isObject() || !json.has("type")) {
            throw new MalformedJsonException("column " + name + " has no \"type\": " + json);
        }
        return new ColumnSchema(name, ColumnType.parse(json.get("type")),
                json.path("ephemeral").asBoolean(false), json.path("mutable").asBoolean(true));
    }
}
