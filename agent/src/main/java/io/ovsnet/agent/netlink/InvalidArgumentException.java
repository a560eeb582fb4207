package io.ovsnet.agent.netlink;

/** The kernel refused a value ({@code EINVAL}, {@code ERANGE}), such as an MTU out of the link's range. */
public class InvalidArgumentException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
