package io.ovsnet.ipam.address;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as an unsigned number of {@link IpFamily#bits()} bits.
 *
 * <p>{@link #parse} accepts only literals (never resolves a host name); {@link #toString} gives
 * the one canonical text form (dotted quad, or RFC 5952 for IPv6), which is what the store keeps,
 * so that the unique index on {@code Lease (network, address)} sees one spelling per address.
 */
public record IpAddress(IpFamily family, BigInteger value) implements Comparable<IpAddress> {

    public IpAddress {
        if (value.signum() < 0 || value.bitLength() > family.bits()) {
            throw new IllegalArgumentException(
                    "value " + value + " does not fit a " + family.bits() + "-bit address");
        }
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 section 2.2, incl. an IPv4 tail). */
    public static IpAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        if (s.indexOf(':') >= 0) {
            return new IpAddress(IpFamily.IPV6, parseV6(s, text));
        }
        return new IpAddress(IpFamily.IPV4, BigInteger.valueOf(parseV4(s, text)));
    }

    public static IpAddress of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return new IpAddress(bytes.length == 4 ? IpFamily.IPV4 : IpFamily.IPV6, new BigInteger(1, bytes));
    }

    public InetAddress toInetAddress() {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[family.bits() / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }

    /** The address {@code delta} further on (may be negative); fails if that leaves the family's range. */
    public IpAddress plus(BigInteger delta) {
        return new IpAddress(family, value.add(delta));
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return family == IpFamily.IPV4 ? formatV4(value.longValue()) : formatV6(value);
    }

    private static long parseV4(String s, String original) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw malformed(original, "an IPv4 address has four dot-separated numbers");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw malformed(original, "'" + p + "' is not a number from 0 to 255");
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw malformed(original, octet + " is larger than 255");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    private static BigInteger parseV6(String s, String original) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw malformed(original, "'::' may appear only once");
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] headGroups = groups(head, original, gap < 0);
        int[] tailGroups = groups(tail, original, true);
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            throw malformed(original, "an IPv6 address has eight groups of up to four hex digits");
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        BigInteger v = BigInteger.ZERO;
        for (int g : all) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return v;
    }

    /** Hex groups of one side of "::"; the last group of the address may be a dotted IPv4 tail. */
    private static int[] groups(String part, String original, boolean mayEndWithV4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        String last = texts[texts.length - 1];
        boolean v4Tail = mayEndWithV4 && last.indexOf('.') >= 0;
        int[] out = new int[texts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < texts.length - (v4Tail ? 1 : 0); i++) {
            String t = texts[i];
            if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw malformed(original, "'" + t + "' is not a group of one to four hex digits");
            }
            out[i] = Integer.parseInt(t, 16);
        }
        if (v4Tail) {
            long v4 = parseV4(last, original);
            out[out.length - 2] = (int) (v4 >>> 16);
            out[out.length - 1] = (int) (v4 & 0xffff);
        }
        return out;
    }

    private static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run (two or more) of zero groups as "::". */
    private static String formatV6(BigInteger v) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = v.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed IP address '" + text + "': " + why);
    }
}
