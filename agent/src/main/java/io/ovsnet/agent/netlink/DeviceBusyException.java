package io.ovsnet.agent.netlink;

/** The link is busy ({@code EBUSY}), for example renaming a link that is up; retrying after a change can help. */
public class DeviceBusyException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    public DeviceBusyException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
