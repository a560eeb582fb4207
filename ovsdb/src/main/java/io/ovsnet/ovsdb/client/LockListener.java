package io.ovsnet.ovsdb.client;

/**
 * Told when a {@link Lock} changes hands. Runs on the client's callback thread: must not block.
 */
public interface LockListener {
    /** The lock is now held by this client (the server sent {@code locked}, or a steal succeeded). */
    default void acquired(Lock lock) {
    }

    /** The lock is no longer held: another client stole it, or the connection was lost. */
    default void lost(Lock lock) {
    }
}
