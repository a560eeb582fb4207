package io.ovsnet.agent.overlay;

import java.util.Set;

/**
 * The hosts that have at least one endpoint in a network, from the store.
 *
 * @param network the network
 * @param hosts names of the hosts with endpoints in it (this host included when it has some)
 */
public record NetworkMembers(OverlayNetwork network, Set<String> hosts) {
    public NetworkMembers {
        hosts = Set.copyOf(hosts);
    }
}
