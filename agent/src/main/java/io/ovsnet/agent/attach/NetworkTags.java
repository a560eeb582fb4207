package io.ovsnet.agent.attach;

/** Hands out the local VLAN id of a network on this host's bridge (ARCHITECTURE.md decision 3). */
@FunctionalInterface
public interface NetworkTags {
    /**
     * The network's local VLAN id, assigning and recording one first if it has none. Idempotent:
     * the same network gets the same id for as long as the bridge records it. Blocks.
     */
    int tagFor(String network);
}
