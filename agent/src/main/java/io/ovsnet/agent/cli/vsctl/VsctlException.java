package io.ovsnet.agent.cli.vsctl;

/**
 * A failure that ovs-vsctl reports as one line on standard error ({@code ovs-vsctl: MESSAGE}) and
 * an exit status; nothing is printed on standard output when it happens.
 */
final class VsctlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** ovs-vsctl's status for every error except {@code br-exists} on a missing bridge. */
    static final int FAILURE = 1;

    private final int exitCode;

    VsctlException(String message) {
        this(message, FAILURE);
    }

    VsctlException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
