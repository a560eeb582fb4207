package io.ovsnet.agent.ovs;

import io.ovsnet.ovsdb.notation.Uuid;
import java.util.Optional;
import java.util.Set;

/**
 * The integration bridge as the switch's monitored replica shows it, read without a round trip:
 * enough to notice the bridge, or a container's port on it, going away.
 *
 * @param bridge the bridge row's UUID; empty when the bridge does not exist. A bridge deleted and
 *     created again by someone else has a new UUID, and none of the ports of the old one.
 * @param containers the ids of the containers that have a port on the bridge
 * @param tunnels how many of ovsnet's tunnel ports are on the bridge
 */
public record BridgeView(Optional<Uuid> bridge, Set<String> containers, int tunnels) {
    public BridgeView {
        containers = Set.copyOf(containers);
    }

    public boolean present() {
        return bridge.isPresent();
    }
}
