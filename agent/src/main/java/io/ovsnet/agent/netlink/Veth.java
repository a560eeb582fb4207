package io.ovsnet.agent.netlink;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A veth pair to create: two links joined like a cable. The peer can be created directly in
 * another namespace, which saves moving it afterwards: a move waits for the kernel (an RCU grace
 * period, about 20 ms on a busy machine), creating in place does not.
 *
 * @param name the link created in the handle's namespace
 * @param peerName the other end
 * @param peerNamespace where the peer is created; empty means the handle's namespace
 * @param mtu the MTU of both ends; empty means the kernel default (1500)
 */
public record Veth(String name, String peerName, Optional<Namespace> peerNamespace,
        OptionalInt mtu) {

    public Veth {
        Link.checkName(name);
        Link.checkName(peerName);
        mtu.ifPresent(value -> {
            if (value <= 0) {
                throw new IllegalArgumentException("MTU must be positive: " + value);
            }
        });
    }

    /** A pair {@code name} / {@code peerName}, both in the handle's namespace, default MTU. */
    public static Veth of(String name, String peerName) {
        return new Veth(name, peerName, Optional.empty(), OptionalInt.empty());
    }

    /** This pair with the peer created in {@code namespace}. */
    public Veth withPeerIn(Namespace namespace) {
        return new Veth(name, peerName, Optional.of(namespace), mtu);
    }

    /** This pair with both ends at {@code mtu}. */
    public Veth withMtu(int mtu) {
        return new Veth(name, peerName, peerNamespace, OptionalInt.of(mtu));
    }
}
