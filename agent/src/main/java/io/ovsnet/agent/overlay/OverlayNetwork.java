package io.ovsnet.agent.overlay;

/**
 * A network as the mesh sees it.
 *
 * @param name the network's name, unique in the store
 * @param vni the tunnel key, 1 to 16777215
 * @param encap how its frames cross the underlay
 */
public record OverlayNetwork(String name, long vni, Encapsulation encap) {
    public static final long MAX_VNI = (1L << 24) - 1;

    public OverlayNetwork {
        if (vni < 1 || vni > MAX_VNI) {
            throw new IllegalArgumentException("VNI " + vni + " of network " + name + " is not valid: expected 1 to " + MAX_VNI);
        }
    }
}
