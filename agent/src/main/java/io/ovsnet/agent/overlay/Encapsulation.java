package io.ovsnet.agent.overlay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** How a network's frames cross the underlay between hosts (ARCHITECTURE.md decisions 3 and 5). */
public enum Encapsulation {
    /** VXLAN over UDP: 50 bytes on an IPv4 underlay, 70 on IPv6. */
    VXLAN("vxlan", "vx", 50, 70),
    /** GRE with a key: 42 bytes on an IPv4 underlay (outer IP 20, GRE 8, inner Ethernet 14), 62 on IPv6. */
    GRE("gre", "gre", 42, 62);

    private final String ovsType;
    private final String token;
    private final int overheadIpv4;
    private final int overheadIpv6;

    Encapsulation(String ovsType, String token, int overheadIpv4, int overheadIpv6) {
        this.ovsType = ovsType;
        this.token = token;
        this.overheadIpv4 = overheadIpv4;
        this.overheadIpv6 = overheadIpv6;
    }

    /** The OVS {@code Interface.type}, also the name a network's record uses. */
    public String ovsType() {
        return ovsType;
    }

    /** The short form that starts tunnel port names ({@link PortNames#tunnel}). */
    String token() {
        return token;
    }

    /** Bytes the encapsulation adds to every frame on an underlay of the given address's family. */
    public int overhead(InetAddress underlay) {
        return underlay instanceof Inet6Address ? overheadIpv6 : overheadIpv4;
    }

    /** The encapsulation whose OVS type is {@code type} ("vxlan" or "gre"). */
    public static Encapsulation ofOvsType(String type) {
        return Arrays.stream(values())
                .filter(e -> e.ovsType.equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "encapsulation " + type + " is not supported: expected vxlan or gre"));
    }
}
