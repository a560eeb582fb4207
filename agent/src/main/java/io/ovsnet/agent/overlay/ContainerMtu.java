package io.ovsnet.agent.overlay;

import java.net.InetAddress;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * The MTU of a container's interface (ARCHITECTURE.md decision 5): the underlay's MTU minus what
 * the network's encapsulation adds, or the network's own MTU when it sets one. Never guessed.
 *
 * <p>A network's containers have one MTU on every host ({@link #shared}): a packet that fits the
 * sender's interface must fit through the receiver's underlay too, or it vanishes on the way (a
 * blackhole that TCP hides with its MSS and large UDP or ICMP packets show).
 */
public final class ContainerMtu {
    /** The smallest MTU an IPv4 interface may have (RFC 791). */
    static final int MINIMUM = 68;

    private ContainerMtu() {}

    /**
     * A host's underlay as the store records it.
     *
     * @param host the host's name
     * @param mtu the MTU of its underlay interface
     * @param address its tunnel endpoint address (its family decides the overhead)
     */
    public record HostUnderlay(String host, int mtu, InetAddress address) {}

    /**
     * The MTU of a network's containers, the same on every host: the network's own MTU when it sets
     * one (checked against this host's underlay only: each host refuses what its own underlay
     * cannot carry), else the smallest MTU that fits through the underlay of this host and of each
     * of {@code others}. Another host whose underlay cannot carry even {@value #MINIMUM} bytes is
     * left out: its own agent refuses to attach there, and it must not stop every other host.
     *
     * @throws IllegalArgumentException as {@link #of} does for this host's underlay
     */
    public static int shared(HostUnderlay self, Collection<HostUnderlay> others, Encapsulation encap,
            OptionalInt networkMtu) {
        int mtu = of(self.mtu(), self.address(), encap, networkMtu);
        if (networkMtu.isPresent()) {
            return mtu;
        }
        for (HostUnderlay other : others) {
            int largest = other.mtu() - encap.overhead(other.address());
            if (largest >= MINIMUM) {
                mtu = Math.min(mtu, largest);
            }
        }
        return mtu;
    }

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
