package io.ovsnet.agent.netlink;

/** No link has the given name or index ({@code ENODEV}). */
public class LinkNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public LinkNotFoundException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
