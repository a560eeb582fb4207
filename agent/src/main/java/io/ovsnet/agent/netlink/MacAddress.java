package io.ovsnet.agent.netlink;

import java.util.HexFormat;

/**
 * An Ethernet (EUI-48) address, held as the low 48 bits of a long. Written as six lower-case
 * hex pairs separated by colons, the form {@code ip link} and OVS use.
 */
public record MacAddress(long value) {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value));
        }
    }

    /** Parses {@code "02:42:ac:11:00:02"} (either case). */
    public static MacAddress parse(String text) {
        if (text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + text);
        }
        try {
            return of(COLONS.parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + text, e);
        }
    }

    /** The address in six bytes, most significant first. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xff);
        }
        return new MacAddress(value);
    }

    /** The six bytes, most significant first, as they go on the wire. */
    public byte[] bytes() {
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (value >>> (40 - 8 * i));
        }
        return bytes;
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes());
    }
}
