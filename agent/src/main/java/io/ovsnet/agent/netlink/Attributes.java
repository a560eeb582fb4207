package io.ovsnet.agent.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The attributes ({@code struct nlattr}, type-length-value, padded to four bytes) of a received
 * message or of a nested attribute, by type. A type that occurs twice keeps its last value.
 */
final class Attributes {
    private static final int TYPE_MASK = 0x3fff;

    private final Map<Integer, ByteBuffer> values;

    private Attributes(Map<Integer, ByteBuffer> values) {
        this.values = values;
    }

    /** Parses the attributes from {@code buffer}'s position to its limit. */
    static Attributes parse(ByteBuffer buffer) {
        ByteBuffer in = buffer.slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> values = new HashMap<>();
        while (in.remaining() >= NetlinkMessage.ATTRIBUTE_HEADER_LENGTH) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort(start));
            int type = Short.toUnsignedInt(in.getShort(start + 2)) & TYPE_MASK;
            if (length < NetlinkMessage.ATTRIBUTE_HEADER_LENGTH || length > in.remaining()) {
                throw new IllegalArgumentException("malformed netlink attribute at offset "
                        + start + ": length " + length + ", " + in.remaining() + " bytes left");
            }
            values.put(type, in.slice(start + NetlinkMessage.ATTRIBUTE_HEADER_LENGTH,
                    length - NetlinkMessage.ATTRIBUTE_HEADER_LENGTH).order(ByteOrder.nativeOrder()));
            in.position(Math.min(in.limit(), start + ((length + 3) & ~3)));
        }
        return new Attributes(values);
    }

    boolean has(int type) {
        return values.containsKey(type);
    }

    OptionalInt integer(int type) {
        ByteBuffer value = values.get(type);
        return value == null || value.remaining() < 4 ? OptionalInt.empty()
                : OptionalInt.of(value.getInt(0));
    }

    /** A string attribute without its terminating NUL. */
    Optional<String> string(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        byte[] bytes = bytes(value);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return Optional.of(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    Optional<byte[]> bytes(int type) {
        return Optional.ofNullable(values.get(type)).map(Attributes::bytes);
    }

    Optional<InetAddress> address(int type) {
        return bytes(type).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("attribute " + type + " is not an address", e);
            }
        });
    }

    /** The attributes inside nested attribute {@code type}; empty if it is absent. */
    Attributes nested(int type) {
        ByteBuffer value = values.get(type);
        return value == null ? new Attributes(Map.of()) : parse(value);
    }

    private static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
