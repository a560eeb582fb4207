package io.ovsnet.agent.netlink;

import java.util.Map;

/**
 * A failed netlink or namespace operation: the kernel answered with an error number. The
 * message names the operation, the errno by its C name ({@code EEXIST}) and, when the kernel
 * sent one, its extended-ack text. Errors with a more specific meaning are subclasses
 * ({@link AlreadyExistsException}, {@link NotFoundException}, {@link LinkNotFoundException},
 * {@link NamespaceNotFoundException}, {@link PermissionDeniedException},
 * {@link DeviceBusyException}, {@link InvalidArgumentException}); any other errno is this class,
 * still named in the message.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int EOPNOTSUPP = 95;
    static final int EADDRNOTAVAIL = 99;
    static final int ENOBUFS = 105;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(9, "EBADF"), Map.entry(EAGAIN, "EAGAIN"),
            Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(EIO, "EIO"), Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(ENODEV, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"), Map.entry(24, "EMFILE"),
            Map.entry(25, "ENOTTY"), Map.entry(ERANGE, "ERANGE"), Map.entry(38, "ENOSYS"),
            Map.entry(90, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"),
            Map.entry(101, "ENETUNREACH"), Map.entry(ENOBUFS, "ENOBUFS"),
            Map.entry(110, "ETIMEDOUT"), Map.entry(113, "EHOSTUNREACH"));

    private final String operation;
    private final int errno;

    public NetlinkException(String operation, int errno, String detail) {
        super(operation + " failed: " + nameOf(errno)
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.operation = operation;
        this.errno = errno;
    }

    /**
     * The exception for {@code errno}: a named subclass when one fits, else this class.
     *
     * @param operation what was attempted, such as {@code "set mtu of link veth0"}
     * @param detail the kernel's extended-ack message, or {@code null}
     */
    static NetlinkException of(String operation, int errno, String detail) {
        return switch (errno) {
            case EEXIST -> new AlreadyExistsException(operation, errno, detail);
            case ENODEV -> new LinkNotFoundException(operation, errno, detail);
            case ENOENT, ESRCH, EADDRNOTAVAIL -> new NotFoundException(operation, errno, detail);
            case EPERM, EACCES -> new PermissionDeniedException(operation, errno, detail);
            case EBUSY -> new DeviceBusyException(operation, errno, detail);
            case EINVAL, ERANGE -> new InvalidArgumentException(operation, errno, detail);
            default -> new NetlinkException(operation, errno, detail);
        };
    }

    /** The C name of an errno, such as {@code "EEXIST"}, or {@code "errno 123"} when unknown. */
    static String nameOf(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** What was attempted, such as {@code "create veth veth0"}. */
    public String operation() {
        return operation;
    }

    /** The positive errno the kernel returned. */
    public int errno() {
        return errno;
    }

    /** The C name of {@link #errno()}, such as {@code "ENODEV"}. */
    public String errnoName() {
        return nameOf(errno);
    }

    /** Whether the same call may succeed if tried again (a busy or exhausted kernel). */
    public boolean isRetryable() {
        return errno == EAGAIN || errno == EINTR || errno == EBUSY || errno == ENOBUFS
                || errno == ENOMEM;
    }
}
