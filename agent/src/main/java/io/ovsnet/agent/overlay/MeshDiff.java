package io.ovsnet.agent.overlay;

import java.util.List;

/**
 * What must change on the bridge for the tunnel mesh to match the store; applied as one OVSDB
 * transaction.
 *
 * @param add ports to create
 * @param remove ports to delete (as they are now)
 * @param modify ports to change in place to the settings given (same name as now)
 */
public record MeshDiff(List<TunnelPort> add, List<TunnelPort> remove, List<TunnelPort> modify) {
    public MeshDiff {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        modify = List.copyOf(modify);
    }

    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty() && modify.isEmpty();
    }
}
