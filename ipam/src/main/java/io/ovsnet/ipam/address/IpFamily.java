package io.ovsnet.ipam.address;

/** An IP address family, with the name the OVSNet schema stores in {@code Lease.family}. */
public enum IpFamily {
    IPV4("ipv4", 32),
    IPV6("ipv6", 128);

    private final String wireName;
    private final int bits;

    IpFamily(String wireName, int bits) {
        this.wireName = wireName;
        this.bits = bits;
    }

    /** The value of {@code Lease.family}: {@code "ipv4"} or {@code "ipv6"}. */
    public String wireName() {
        return wireName;
    }

    /** Address length in bits: 32 or 128. */
    public int bits() {
        return bits;
    }

    public static IpFamily fromWireName(String name) {
        for (IpFamily f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown address family '" + name + "': expected ipv4 or ipv6");
    }
}
