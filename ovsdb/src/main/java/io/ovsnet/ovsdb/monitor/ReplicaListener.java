package io.ovsnet.ovsdb.monitor;

import java.util.List;

/** Told about the changes each {@link Replica#apply} made. */
@FunctionalInterface
public interface ReplicaListener {

    /**
     * Called on the thread that applied the update, after the replica holds the new state, with
     * the rows that changed (never empty). Must not block; an exception is logged and ignored.
     */
    void changed(List<RowChange> changes);
}
