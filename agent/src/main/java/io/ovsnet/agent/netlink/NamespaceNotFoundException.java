package io.ovsnet.agent.netlink;

/** The network namespace file or process does not exist ({@code ENOENT}, {@code ESRCH}). */
public class NamespaceNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public NamespaceNotFoundException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
