package io.ovsnet.agent.netlink;

/** The object to create exists already ({@code EEXIST}): a link name, an address or a route. */
public class AlreadyExistsException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
