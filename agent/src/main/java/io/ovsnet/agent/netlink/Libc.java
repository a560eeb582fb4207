package io.ovsnet.agent.netlink;

import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The C library: the constants this package passes to it and the calls, bound by JNR-FFI. */
final class Libc {
    private Libc() {
    }

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final long SIOCGIFINDEX = 0x8933;
    static final long SIOCETHTOOL = 0x8946;

    /** Binds the C library; {@link NetlinkHandle} keeps the one binding of the process. */
    static Calls load() {
        return LibraryLoader.create(Calls.class).load("c");
    }

    /**
     * The calls. Buffers passed here are direct and in native byte order; every call saves
     * {@code errno}, read with {@link #errno()}. Public only because JNR-FFI implements it from
     * another class loader; it is not reachable outside this package.
     */
    public interface Calls {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In ByteBuffer address, int length);

        @SaveError
        int setsockopt(int fd, int level, int option, @In ByteBuffer value, int length);

        @SaveError
        long send(int fd, @In ByteBuffer buffer, long length, int flags);

        @SaveError
        long recv(int fd, @Out ByteBuffer buffer, long length, int flags);

        @SaveError
        int open(String path, int flags);

        @SaveError
        int close(int fd);

        @SaveError
        int setns(int fd, int namespaceType);

        @SaveError
        int ioctl(int fd, long request, Pointer argument);

        /** The {@code errno} of the last call made through this binding on this thread. */
        default int errno() {
            return LastError.getLastError(Runtime.getRuntime(this));
        }
    }
}
