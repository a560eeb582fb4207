package io.ovsnet.agent.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One netlink request being built: the {@code nlmsghdr}, a family header ({@code ifinfomsg},
 * {@code ifaddrmsg} or {@code rtmsg}) and attributes, nested ones included, each padded to
 * four bytes ({@code NLMSG_ALIGN}, {@code RTA_ALIGN}). Integers are in host byte order, as
 * rtnetlink expects.
 */
final class NetlinkMessage {
    static final int HEADER_LENGTH = 16;
    static final int ATTRIBUTE_HEADER_LENGTH = 4;
    static final int NLA_F_NESTED = 0x8000;

    private final ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    private final Deque<Integer> openNests = new ArrayDeque<>();
    private final int type;
    private final int flags;

    /**
     * @param type the message type, such as {@code RTM_NEWLINK}
     * @param flags the {@code NLM_F_*} flags; {@code NLM_F_REQUEST} is always added
     */
    NetlinkMessage(int type, int flags) {
        this.type = type;
        this.flags = flags | Rtnetlink.NLM_F_REQUEST;
        buffer.position(HEADER_LENGTH);
    }

    int type() {
        return type;
    }

    int flags() {
        return flags;
    }

    /** Appends an {@code ifinfomsg}: family, device type 0, index, flags and change mask. */
    NetlinkMessage ifinfomsg(int family, int index, int linkFlags, int change) {
        buffer.put((byte) family).put((byte) 0).putShort((short) 0)
                .putInt(index).putInt(linkFlags).putInt(change);
        return this;
    }

    /** Appends an {@code ifaddrmsg}. */
    NetlinkMessage ifaddrmsg(int family, int prefixLength, int addressFlags, int scope, int index) {
        buffer.put((byte) family).put((byte) prefixLength).put((byte) addressFlags)
                .put((byte) scope).putInt(index);
        return this;
    }

    /** Appends an {@code rtmsg} with no source prefix, TOS 0 and no flags. */
    NetlinkMessage rtmsg(int family, int destinationLength, int table, int protocol, int scope,
            int routeType) {
        buffer.put((byte) family).put((byte) destinationLength).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) routeType)
                .putInt(0);
        return this;
    }

    /** Appends an attribute holding {@code value} as is. */
    NetlinkMessage attribute(int attributeType, byte[] value) {
        buffer.putShort((short) (ATTRIBUTE_HEADER_LENGTH + value.length))
                .putShort((short) attributeType).put(value);
        pad();
        return this;
    }

    /** Appends a 32-bit attribute. */
    NetlinkMessage attribute(int attributeType, int value) {
        buffer.putShort((short) (ATTRIBUTE_HEADER_LENGTH + 4)).putShort((short) attributeType)
                .putInt(value);
        return this;
    }

    /** Appends a NUL-terminated string attribute. */
    NetlinkMessage attribute(int attributeType, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[text.length + 1];
        System.arraycopy(text, 0, terminated, 0, text.length);
        return attribute(attributeType, terminated);
    }

    /** Appends an address attribute: 4 or 16 bytes in network order. */
    NetlinkMessage attribute(int attributeType, InetAddress value) {
        return attribute(attributeType, value.getAddress());
    }

    /** Opens a nested attribute; everything appended until {@link #end()} goes inside. */
    NetlinkMessage begin(int attributeType) {
        openNests.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) (attributeType | NLA_F_NESTED));
        return this;
    }

    /** Closes the innermost nested attribute, writing its length. */
    NetlinkMessage end() {
        int start = openNests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message with sequence number {@code sequence}, ready to send. */
    ByteBuffer finish(int sequence) {
        if (!openNests.isEmpty()) {
            throw new IllegalStateException("nested attribute not closed");
        }
        int length = buffer.position();
        buffer.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags)
                .putInt(8, sequence).putInt(12, 0);
        return buffer.duplicate().order(ByteOrder.nativeOrder()).flip();
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }
}
