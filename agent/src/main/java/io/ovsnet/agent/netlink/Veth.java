package io.ovsnet.agent.netlink;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A veth pair to create: two links joined like a cable. The peer can be created directly in
 * another namespace, which saves moving it afterwards: a move waits for the kernel (an RCU grace
 * period, about 20 ms on a busy machine), creating in place does not. MTU, MAC addresses and the
 * up state of {@code name} go in the creating request itself, so none costs a round trip of its
 * own. (The peer is always created down: the kernel cannot bring it up in the same request.)
 *
 * @param name the link created in the handle's namespace
 * @param peerName the other end
 * @param peerNamespace where the peer is created; empty means the handle's namespace
 * @param mtu the MTU of both ends; empty means the kernel default (1500)
 * @param mac the hardware address of {@code name}; empty means a random one
 * @param peerMac the hardware address of the peer; empty means a random one
 * @param up whether {@code name} comes up as it is created
 */
public record Veth(String name, String peerName, Optional<Namespace> peerNamespace,
        OptionalInt mtu, Optional<MacAddress> mac, Optional<MacAddress> peerMac, boolean up) {

    public Veth {
        Link.checkName(name);
        Link.checkName(peerName);
        mtu.ifPresent(value -> {
            if (value <= 0) {
                throw new IllegalArgumentException("MTU must be positive: " + value);
            }
        });
    }

    /** A pair with random MAC addresses, created down. */
    public Veth(String name, String peerName, Optional<Namespace> peerNamespace, OptionalInt mtu) {
        this(name, peerName, peerNamespace, mtu, Optional.empty(), Optional.empty(), false);
    }

    /** A pair {@code name} / {@code peerName}, both in the handle's namespace, default MTU. */
    public static Veth of(String name, String peerName) {
        return new Veth(name, peerName, Optional.empty(), OptionalInt.empty());
    }

    /** This pair with the peer created in {@code namespace}. */
    public Veth withPeerIn(Namespace namespace) {
        return new Veth(name, peerName, Optional.of(namespace), mtu, mac, peerMac, up);
    }

    /** This pair with both ends at {@code mtu}. */
    public Veth withMtu(int mtu) {
        return new Veth(name, peerName, peerNamespace, OptionalInt.of(mtu), mac, peerMac, up);
    }

    /** This pair with {@code mac} on the link {@code name}. */
    public Veth withMac(MacAddress mac) {
        return new Veth(name, peerName, peerNamespace, mtu, Optional.of(mac), peerMac, up);
    }

    /** This pair with {@code mac} on the peer. */
    public Veth withPeerMac(MacAddress mac) {
        return new Veth(name, peerName, peerNamespace, mtu, this.mac, Optional.of(mac), up);
    }

    /**
     * This pair with the link {@code name} up from the start (its carrier comes when the peer
     * is brought up).
     */
    public Veth withUp() {
        return new Veth(name, peerName, peerNamespace, mtu, mac, peerMac, true);
    }
}
