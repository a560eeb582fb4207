package io.ovsnet.ovsdb.jsonrpc;

import io.ovsnet.ovsdb.OvsdbException;

/**
 * The connection is closed, was lost while the call was outstanding, or is not established yet.
 * A call that failed this way may or may not have reached the server; a retry on a new connection
 * can succeed, so it is retryable, but a non-idempotent request must be checked before it is sent
 * again.
 */
public final class ConnectionClosedException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String details) {
        super("connection closed", details, true);
    }

    public ConnectionClosedException(String details, Throwable cause) {
        super("connection closed", details, true, cause);
    }
}
