package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One database operation of a "transact" request (RFC 7047 section 5.2). Implementations are
 * immutable values.
 *
 * @param <R> what a successful result of this operation is read as
 */
public interface Operation<R> {

    /** The operation object, such as {@code {"op":"insert","table":...}}. */
    ObjectNode toJson();

    /**
     * Reads this operation's element of a successful "transact" result array (an object without
     * an {@code "error"} member).
     *
     * @throws io.ovsnet.ovsdb.notation.MalformedJsonException if the element has the wrong shape
     */
    R result(JsonNode opResult);
}
