package io.ovsnet.agent.netlink;

/** The object named does not exist ({@code ENOENT}, {@code ESRCH}, {@code EADDRNOTAVAIL}). */
public class NotFoundException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
