package io.ovsnet.agent.netlink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a netlink socket inside another network namespace. The switch ({@code setns}) happens
 * only on the dedicated platform thread {@link NamespaceThread}, never on a caller's thread: a
 * caller can be a virtual thread (which may change carrier between the two {@code setns} calls),
 * and a namespace must never leak into a thread that runs anything else. The price is two
 * thread wake-ups per opened handle (p99 about 2.8 ms on a loaded 2-core machine, against
 * 0.25 ms when the caller switched itself; measured, and given up for the guarantee).
 *
 * <p>Between entering and leaving, nothing may start a thread, since a new thread inherits the
 * namespace of the one that starts it (see {@link NetlinkSocket}).
 */
final class NamespaceSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSwitch.class);
    private static final long RETRY_HOME_MILLIS = 10;

    private NamespaceSwitch() {
    }

    /**
     * Opens a socket inside {@code namespace} on the namespace thread; the calling thread never
     * leaves its own namespace.
     *
     * @throws NamespaceNotFoundException the namespace file or process does not exist
     * @throws PermissionDeniedException the process may not enter the namespace
     */
    static NetlinkSocket openSocket(Libc.Calls libc, Namespace namespace) {
        return NamespaceThread.openSocket(libc, namespace);
    }

    /** Moves the calling thread into {@code namespace}. */
    static void enter(Libc.Calls libc, Namespace namespace, String operation) {
        int fd = NetlinkHandle.openNamespace(namespace, operation);
        try {
            if (libc.setns(fd, Libc.CLONE_NEWNET) < 0) {
                throw NetlinkException.of(operation, libc.errno(), null);
            }
        } finally {
            libc.close(fd);
        }
    }

    /**
     * Moves the calling thread back into namespace {@code home}. This can only fail for lack of
     * kernel memory; the thread then keeps trying rather than run anything in the wrong
     * namespace, and logs once it is home (logging in the wrong namespace could start a thread
     * there).
     */
    static void returnHome(Libc.Calls libc, int home) {
        int attempts = 0;
        int errno = 0;
        boolean interrupted = false;
        while (libc.setns(home, Libc.CLONE_NEWNET) < 0) {
            errno = libc.errno();
            attempts++;
            try {
                Thread.sleep(RETRY_HOME_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (attempts > 0) {
            LOG.error("thread returned to its network namespace only after {} failed attempts"
                    + " errno={}", attempts, NetlinkException.nameOf(errno));
        }
    }
}
