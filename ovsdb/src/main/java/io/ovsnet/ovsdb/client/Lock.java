package io.ovsnet.ovsdb.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock of the OVSDB server (RFC 7047 section 4.1.8) requested by an {@link OvsdbClient}. The
 * server grants it to one client at a time; this object follows who has it through the
 * {@code locked} and {@code stolen} notifications. After a reconnect the client asks for the
 * lock again (the server forgets a connection's locks when it closes), so a lock is held at most
 * while a connection lasts.
 */
public final class Lock {
    private static final Logger LOG = LoggerFactory.getLogger(Lock.class);

    private final String name;
    private final List<LockListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean held;
    private volatile CompletableFuture<Lock> acquired = new CompletableFuture<>();

    Lock(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether this client holds the lock now. */
    public boolean isHeld() {
        return held;
    }

    /**
     * Completes when the lock is (next) held; already complete while it is held. Never fails
     * because of a steal: it simply stays pending until the lock comes back.
     */
    public CompletableFuture<Lock> acquired() {
        return acquired;
    }

    public void addListener(LockListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LockListener listener) {
        listeners.remove(listener);
    }

    synchronized void markHeld() {
        if (held) {
            return;
        }
        held = true;
        LOG.info("ovsdb lock acquired lock={}", name);
        acquired.complete(this);
        listeners.forEach(l -> l.acquired(this));
    }

    synchronized void markLost() {
        if (!held) {
            return;
        }
        held = false;
        acquired = new CompletableFuture<>();
        LOG.info("ovsdb lock lost lock={}", name);
        listeners.forEach(l -> l.lost(this));
    }

    @Override
    public String toString() {
        return "Lock[" + name + (held ? ", held]" : "]");
    }
}
