package io.ovsnet.agent.netlink;

/** The caller lacks the capability ({@code EPERM}, {@code EACCES}); usually CAP_NET_ADMIN or CAP_SYS_ADMIN. */
public class PermissionDeniedException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
