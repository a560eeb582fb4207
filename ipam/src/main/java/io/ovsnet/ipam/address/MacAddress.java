package io.ovsnet.ipam.address;

import java.math.BigInteger;

/**
 * A 48-bit Ethernet address. {@link #derivedFrom} gives every container address its own
 * deterministic, locally administered, unicast MAC, so a restarted agent computes the same MAC
 * again and two hosts never need to agree on one:
 * IPv4 {@code a.b.c.d} gives {@code 02:6e:a:b:c:d}; IPv6 gives {@code 06:} followed by the low 40
 * bits of the address (unique within a network, because the allocator hands out IPv6 addresses
 * only from the first 2^40 of a subnet; see {@code Pool}).
 */
public record MacAddress(long value) {
    private static final long IPV4_PREFIX = 0x026eL << 32;
    private static final long IPV6_PREFIX = 0x06L << 40;
    private static final long LOW_40_BITS = (1L << 40) - 1;

    public MacAddress {
        if (value < 0 || value >= (1L << 48)) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    public static MacAddress derivedFrom(IpAddress address) {
        if (address.family() == IpFamily.IPV4) {
            return new MacAddress(IPV4_PREFIX | address.value().longValue());
        }
        return new MacAddress(IPV6_PREFIX | (address.value().and(BigInteger.valueOf(LOW_40_BITS)).longValue()));
    }

    public static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("malformed MAC address '" + text + "': expected six hex bytes like 02:6e:0a:01:00:05");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("malformed MAC address '" + text + "': '" + p + "' is not a hex byte");
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    /** Whether the locally administered bit is set and the multicast bit is clear. */
    public boolean isLocalUnicast() {
        int first = (int) (value >>> 40);
        return (first & 0x02) != 0 && (first & 0x01) == 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                sb.append(':');
            }
            sb.append(String.format("%02x", (value >>> shift) & 0xff));
        }
        return sb.toString();
    }
}
