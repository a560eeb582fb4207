package io.ovsnet.ipam.address;

/**
 * An inclusive range of addresses of one family, used for exclusions: written as one address
 * ({@code 10.1.0.9}), a range ({@code 10.1.0.100-10.1.0.199}) or a subnet ({@code 10.1.0.128/25}).
 */
public record AddressRange(IpAddress first, IpAddress last) {

    public AddressRange {
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range " + first + "-" + last + " mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
        }
    }

    public static AddressRange parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            if (s.indexOf('/') >= 0) {
                Cidr c = Cidr.parse(s);
                return new AddressRange(c.network(), c.lastAddress());
            }
            int dash = s.indexOf('-');
            if (dash >= 0) {
                return new AddressRange(IpAddress.parse(s.substring(0, dash)), IpAddress.parse(s.substring(dash + 1)));
            }
            IpAddress one = IpAddress.parse(s);
            return new AddressRange(one, one);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed exclusion '" + text + "' (expected IP, IP-IP or CIDR): "
                    + e.getMessage(), e);
        }
    }

    public IpFamily family() {
        return first.family();
    }

    public boolean contains(IpAddress address) {
        return address.family() == family() && first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    /** The text form {@link #parse} reads back: one address, or {@code FIRST-LAST}. */
    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
