package io.ovsnet.ovsdb.notation;

import io.ovsnet.ovsdb.OvsdbException;

/**
 * JSON from the server that does not follow RFC 7047 (a datum, row, schema, transaction result
 * or table update of the wrong shape). Never retryable: the same bytes will not parse later.
 */
public class MalformedJsonException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    /** Error string of every instance. */
    public static final String ERROR = "malformed JSON";

    public MalformedJsonException(String details) {
        super(ERROR, details, false);
    }
}
