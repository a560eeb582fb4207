package io.ovsnet.agent.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A {@code NETLINK_ROUTE} socket in the network namespace of the thread that opened it. Sends
 * one request at a time and reads its answer: the ACK, the single reply, or every part of a
 * dump up to {@code NLMSG_DONE}; an {@code NLMSG_ERROR} becomes a {@link NetlinkException}.
 * Not thread-safe: {@link NetlinkHandle} sends one request at a time.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int RECEIVE_BYTES = 64 * 1024;
    private static final int DUMP_ATTEMPTS = 3;
    private static final int ETHTOOL_VALUE_BYTES = 8;
    private static final int IFREQ_BYTES = 40;
    private static final int IFREQ_DATA_OFFSET = 16;

    private final Libc.Calls libc;
    private final int fd;
    private final ByteBuffer sendBuffer =
            ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private final ByteBuffer receiveBuffer =
            ByteBuffer.allocateDirect(RECEIVE_BYTES).order(ByteOrder.nativeOrder());
    /**
     * The {@code ifreq} of the ioctls and the ethtool value it points at, reused by every call;
     * allocated by the first call. Not in the constructor: that runs on a thread that has just
     * entered another namespace, and JNR's first allocation starts JNR's reference-cleaning
     * thread, which would inherit that namespace (and keep it alive) for good.
     */
    private Pointer ifreq;
    private Pointer ethtoolValue;
    private int sequence;

    private NetlinkSocket(Libc.Calls libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens and binds a socket in the calling thread's network namespace. */
    static NetlinkSocket open(Libc.Calls libc) {
        int fd = libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
                Rtnetlink.NETLINK_ROUTE);
        if (fd < 0) {
            throw NetlinkException.of("open netlink socket", libc.errno(), null);
        }
        NetlinkSocket socket = new NetlinkSocket(libc, fd);
        try {
            socket.setOption(Libc.SOL_SOCKET, Libc.SO_SNDBUF, BUFFER_BYTES);
            socket.setOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, BUFFER_BYTES);
            socket.setOption(Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, 1);
            socket.setOption(Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, 1);
            ByteBuffer address = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
            address.putShort(0, (short) Libc.AF_NETLINK);
            if (libc.bind(fd, address, 12) < 0) {
                throw NetlinkException.of("bind netlink socket", libc.errno(), null);
            }
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} and collects the bodies (after {@code nlmsghdr}) of the data
     * messages answering it: none for an ACKed change, one for a plain get, all parts of a dump.
     *
     * @param operation what is attempted, for the exception message
     * @throws NetlinkException the kernel answered with an error
     */
    List<ByteBuffer> execute(NetlinkMessage request, String operation) {
        for (int attempt = 1; ; attempt++) {
            List<ByteBuffer> replies = new ArrayList<>();
            boolean interrupted = exchange(request, operation, replies);
            if (!interrupted) {
                return replies;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new NetlinkException(operation, NetlinkException.EAGAIN,
                        "dump changed while read " + DUMP_ATTEMPTS + " times");
            }
        }
    }

    /** Sets the ethtool value {@code command} ({@code ETHTOOL_S*}) of link {@code name}. */
    void ethtool(String name, int command, int value, String operation) {
        Pointer ifreq = ifreq(name);
        ethtoolValue.putInt(0, command);
        ethtoolValue.putInt(4, value);
        ifreq.putAddress(IFREQ_DATA_OFFSET, ethtoolValue.address());
        if (libc.ioctl(fd, Libc.SIOCETHTOOL, ifreq) < 0) {
            throw NetlinkException.of(operation, libc.errno(), null);
        }
    }

    /**
     * The interface index of link {@code name} in the socket's namespace ({@code SIOCGIFINDEX}),
     * or empty if there is no such link.
     */
    OptionalInt index(String name, String operation) {
        byte[] ifname = name.getBytes(StandardCharsets.UTF_8);
        if (ifname.length > Link.MAX_NAME_LENGTH) {
            return OptionalInt.empty(); // the kernel allows no such name
        }
        Pointer ifreq = ifreq(name);
        if (libc.ioctl(fd, Libc.SIOCGIFINDEX, ifreq) < 0) {
            int errno = libc.errno();
            if (errno == NetlinkException.ENODEV) {
                return OptionalInt.empty();
            }
            throw NetlinkException.of(operation, errno, "look up the index of link " + name);
        }
        return OptionalInt.of(ifreq.getInt(IFREQ_DATA_OFFSET));
    }

    /** The {@code ifreq}, zeroed, with {@code name} in {@code ifr_name}. */
    private Pointer ifreq(String name) {
        if (ifreq == null) {
            Runtime runtime = Runtime.getRuntime(libc);
            ifreq = Memory.allocateDirect(runtime, IFREQ_BYTES, true);
            ethtoolValue = Memory.allocateDirect(runtime, ETHTOOL_VALUE_BYTES, true);
        }
        byte[] ifname = name.getBytes(StandardCharsets.UTF_8);
        ifreq.setMemory(0, IFREQ_BYTES, (byte) 0);
        ifreq.put(0, ifname, 0, Math.min(ifname.length, Link.MAX_NAME_LENGTH));
        return ifreq;
    }

    @Override
    public void close() {
        libc.close(fd);
    }

    private void setOption(int level, int option, int value) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        buffer.putInt(0, value);
        if (libc.setsockopt(fd, level, option, buffer, 4) < 0) {
            throw NetlinkException.of("set option " + option + " of netlink socket",
                    libc.errno(), null);
        }
    }

    /** One request and its answer; returns whether a dump was interrupted (must be redone). */
    private boolean exchange(NetlinkMessage request, String operation, List<ByteBuffer> replies) {
        int seq = ++sequence;
        send(request.finish(seq), operation);
        boolean expectAck = (request.flags() & Rtnetlink.NLM_F_ACK) != 0;
        boolean interrupted = false;
        while (true) {
            ByteBuffer datagram = receive(operation);
            while (datagram.remaining() >= NetlinkMessage.HEADER_LENGTH) {
                int start = datagram.position();
                int length = datagram.getInt(start);
                int type = Short.toUnsignedInt(datagram.getShort(start + 4));
                int flags = Short.toUnsignedInt(datagram.getShort(start + 6));
                int messageSeq = datagram.getInt(start + 8);
                if (length < NetlinkMessage.HEADER_LENGTH || length > datagram.remaining()) {
                    throw new IllegalStateException("malformed netlink message: length " + length);
                }
                datagram.position(Math.min(datagram.limit(), start + ((length + 3) & ~3)));
                if (messageSeq != seq) {
                    continue;
                }
                ByteBuffer body = datagram.slice(start + NetlinkMessage.HEADER_LENGTH,
                        length - NetlinkMessage.HEADER_LENGTH).order(ByteOrder.nativeOrder());
                interrupted |= (flags & Rtnetlink.NLM_F_DUMP_INTR) != 0;
                if (type == Rtnetlink.NLMSG_ERROR || type == Rtnetlink.NLMSG_DONE) {
                    int error = body.remaining() >= 4 ? -body.getInt(0) : 0;
                    if (error != 0) {
                        throw NetlinkException.of(operation, error, extendedAck(body, flags));
                    }
                    return interrupted;
                }
                replies.add(copy(body));
                if ((flags & Rtnetlink.NLM_F_MULTI) == 0 && !expectAck) {
                    return interrupted;
                }
            }
        }
    }

    private void send(ByteBuffer message, String operation) {
        sendBuffer.clear();
        sendBuffer.put(message);
        int length = sendBuffer.position();
        sendBuffer.position(0);
        long sent;
        do {
            sent = libc.send(fd, sendBuffer, length, 0);
        } while (sent < 0 && libc.errno() == NetlinkException.EINTR);
        if (sent < 0) {
            throw NetlinkException.of(operation, libc.errno(), "send");
        }
    }

    private ByteBuffer receive(String operation) {
        receiveBuffer.clear();
        long received;
        do {
            received = libc.recv(fd, receiveBuffer, RECEIVE_BYTES, 0);
        } while (received < 0 && libc.errno() == NetlinkException.EINTR);
        if (received < 0) {
            throw NetlinkException.of(operation, libc.errno(), "receive");
        }
        receiveBuffer.limit((int) received);
        return receiveBuffer;
    }

    /** The kernel's extended-ack text ({@code NLMSGERR_ATTR_MSG}) of an error, or null. */
    static String extendedAck(ByteBuffer body, int flags) {
        if (body.remaining() < 4 + NetlinkMessage.HEADER_LENGTH
                || (flags & Rtnetlink.NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        int requestLength = (flags & Rtnetlink.NLM_F_CAPPED) != 0
                ? NetlinkMessage.HEADER_LENGTH : body.getInt(4);
        int offset = 4 + ((requestLength + 3) & ~3);
        if (offset >= body.limit()) {
            return null;
        }
        return Attributes.parse(body.slice(offset, body.limit() - offset))
                .string(Rtnetlink.NLMSGERR_ATTR_MSG).orElse(null);
    }

    private static ByteBuffer copy(ByteBuffer body) {
        ByteBuffer copy = ByteBuffer.allocate(body.remaining()).order(ByteOrder.nativeOrder());
        copy.put(body.duplicate()).flip();
        return copy;
    }
}
