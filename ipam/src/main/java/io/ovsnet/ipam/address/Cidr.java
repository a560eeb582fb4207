package io.ovsnet.ipam.address;

import java.math.BigInteger;

/**
 * A subnet: a network address and a prefix length, with no host bits set ({@code 10.1.0.0/16},
 * {@code fd00:1::/64}). Offsets count addresses from the network address (offset 0).
 */
public record Cidr(IpAddress network, int prefixLength) {

    public Cidr {
        int bits = network.family().bits();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is outside 0.." + bits + " for " + network.family().wireName());
        }
        if (network.value().and(hostMask(bits, prefixLength)).signum() != 0) {
            throw new IllegalArgumentException("subnet " + network + "/" + prefixLength + " has host bits set; did you mean "
                    + new IpAddress(network.family(), network.value().andNot(hostMask(bits, prefixLength)))
                    + "/" + prefixLength + "?");
        }
    }

    /** Parses {@code ADDRESS/PREFIX}; the address must be the network address itself. */
    public static Cidr parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "malformed subnet '" + text + "': expected ADDRESS/PREFIX such as 10.1.0.0/16 or fd00:1::/64");
        }
        IpAddress address;
        try {
            address = IpAddress.parse(s.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed subnet '" + text + "': " + e.getMessage(), e);
        }
        String prefix = s.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(
                    "malformed subnet '" + text + "': prefix length '" + prefix + "' is not a number");
        }
        return new Cidr(address, Integer.parseInt(prefix));
    }

    public IpFamily family() {
        return network.family();
    }

    /** The number of addresses in the subnet, {@code 2^(bits - prefix)}. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.family().bits() - prefixLength);
    }

    /** The last address of the subnet (the IPv4 broadcast address). */
    public IpAddress lastAddress() {
        return network.plus(size().subtract(BigInteger.ONE));
    }

    public boolean contains(IpAddress address) {
        return address.family() == family()
                && address.value().compareTo(network.value()) >= 0
                && address.value().compareTo(lastAddress().value()) <= 0;
    }

    /** The address at {@code offset} from the network address; the offset must lie inside the subnet. */
    public IpAddress addressAt(BigInteger offset) {
        if (offset.signum() < 0 || offset.compareTo(size()) >= 0) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return network.plus(offset);
    }

    /** The offset of an address of this subnet; fails naming both when the address lies outside. */
    public BigInteger offsetOf(IpAddress address) {
        if (!contains(address)) {
            throw new IllegalArgumentException("address " + address + " is outside the subnet " + this);
        }
        return address.value().subtract(network.value());
    }

    /** Whether the two subnets share at least one address (one contains the other). */
    public boolean overlaps(Cidr other) {
        return family() == other.family() && (contains(other.network) || other.contains(network));
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }

    private static BigInteger hostMask(int bits, int prefixLength) {
        return BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
    }
}
