package io.ovsnet.agent.netlink;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network interface as the kernel reports it in one namespace.
 *
 * @param index the interface index, unique within the namespace
 * @param name the interface name (at most 15 bytes)
 * @param kind the link type of a virtual link ({@code "veth"}, {@code "bridge"}, ...); empty for
 *     a physical or loopback device
 * @param mac the hardware address, if the link has an Ethernet one
 * @param mtu the MTU in bytes
 * @param flags the {@code IFF_*} flags ({@code IFF_UP} = 1, {@code IFF_LOWER_UP} = 0x10000)
 * @param peerIndex for a veth, the interface index of its peer (in the peer's namespace)
 */
public record Link(int index, String name, Optional<String> kind, Optional<MacAddress> mac,
        int mtu, int flags, OptionalInt peerIndex) {

    /** {@code IFF_UP}: administratively up. */
    public static final int IFF_UP = 0x1;
    /** {@code IFF_LOWER_UP}: the driver reports carrier. */
    public static final int IFF_LOWER_UP = 0x10000;
    /** The longest interface name, {@code IFNAMSIZ - 1}. */
    public static final int MAX_NAME_LENGTH = 15;

    /** Whether the link is administratively up ({@code ip link set NAME up}). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Whether the link has carrier (for a veth: both ends are up). */
    public boolean hasCarrier() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    /** Refuses a name the kernel would refuse, so the error names the argument. */
    static String checkName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAME_LENGTH || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("not a valid interface name (1.." + MAX_NAME_LENGTH
                    + " bytes, no '/', ':' or spaces): \"" + name + "\"");
        }
        return name;
    }
}
