package io.ovsnet.ovsdb.jsonrpc;

import io.ovsnet.ovsdb.OvsdbException;

/**
 * No reply arrived within the call's timeout. The request may still have been executed by the
 * server (a {@code transact} may have committed), so whether to retry is the caller's decision;
 * it is marked retryable because a retry on a healthy connection can succeed.
 */
public final class CallTimeoutException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(String details) {
        super("timeout", details, true);
    }
}
