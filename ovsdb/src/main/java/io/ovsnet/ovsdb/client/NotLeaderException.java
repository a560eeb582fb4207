package io.ovsnet.ovsdb.client;

import io.ovsnet.ovsdb.OvsdbException;

/**
 * A server was refused because, per its {@code _Server} database, it cannot serve up-to-date
 * data: it is not the leader of a clustered database (when leader-only), is not connected to its
 * cluster, or is behind a member seen before. Retryable: another member, or the same one later,
 * can serve.
 */
public final class NotLeaderException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public NotLeaderException(String details) {
        super("not leader", details, true);
    }
}
