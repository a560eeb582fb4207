package io.ovsnet.agent.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address with its prefix length, as {@code 198.51.100.7/24}: an interface
 * address, or (with the host bits zero) the destination of a {@link Route}.
 */
public record Address(InetAddress ip, int prefixLength) {

    public Address {
        int max = ip instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length of " + ip.getHostAddress()
                    + " must be 0.." + max + ": " + prefixLength);
        }
    }

    /** Parses {@code "198.51.100.7/24"} or {@code "2001:db8::7/64"}; numeric only, no DNS. */
    public static Address parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an address/prefix: " + cidr);
        }
        String ip = cidr.substring(0, slash);
        if (!ip.contains(":") && !ip.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not a numeric address: " + cidr);
        }
        try {
            return new Address(InetAddress.getByName(ip),
                    Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address/prefix: " + cidr, e);
        }
    }

    /** {@code 0.0.0.0/0} or {@code ::/0}: every address of {@code family}. */
    static Address anyOf(int family) {
        try {
            return new Address(InetAddress.getByAddress(
                    new byte[family == Libc.AF_INET6 ? 16 : 4]), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The netlink address family: {@code AF_INET} or {@code AF_INET6}. */
    int family() {
        return ip instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
    }

    @Override
    public String toString() {
        return ip.getHostAddress() + "/" + prefixLength;
    }
}
