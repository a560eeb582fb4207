package io.ovsnet.agent.overlay;

import java.net.InetAddress;
import java.util.OptionalInt;

/**
 * The MTU of a container's interface (ARCHITECTURE.md decision 5): the underlay's MTU minus what
 * the network's encapsulation adds, or the network's own MTU when it sets one. Never guessed.
 */
public final class ContainerMtu {
    /** The smallest MTU an IPv4 interface may have (RFC 791). */
    static final int MINIMUM = 68;

    private ContainerMtu() {}

    /**
     * @param underlayMtu the MTU of the interface that carries tunnel traffic
     * @param underlayAddress the tunnel endpoint address (its family decides the overhead)
     * @param encap the network's encapsulation
     * @param networkMtu the network's own MTU, if it sets one
     * @throws IllegalArgumentException when the result would be below 68, or the network's MTU does
     *     not fit through the underlay
     */
    public static int of(int underlayMtu, InetAddress underlayAddress, Encapsulation encap, OptionalInt networkMtu) {
        int largest = underlayMtu - encap.overhead(underlayAddress);
        if (largest < MINIMUM) {
            throw new IllegalArgumentException("underlay MTU " + underlayMtu + " leaves " + largest
                    + " bytes after " + encap.ovsType() + " encapsulation; at least " + MINIMUM + " are needed");
        }
        if (networkMtu.isEmpty()) {
            return largest;
        }
        int mtu = networkMtu.getAsInt();
        if (mtu < MINIMUM || mtu > largest) {
            throw new IllegalArgumentException("network MTU " + mtu + " is not valid here: expected " + MINIMUM
                    + " to " + largest + " (underlay MTU " + underlayMtu + " minus "
                    + encap.overhead(underlayAddress) + " for " + encap.ovsType() + ")");
        }
        return mtu;
    }
}
