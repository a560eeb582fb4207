package io.ovsnet.agent.netlink;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a netlink socket inside another network namespace. A platform thread does it itself:
 * it enters the namespace ({@code setns}), creates the socket (which keeps that namespace for
 * good) and returns to the namespace it came from before anything else runs on it, so no code
 * ever runs on it in the wrong namespace. Handing the work to another thread cost more: two
 * wake-ups, p99 about 2.8 ms against 0.25 ms on a loaded 2-core machine.
 *
 * <p>A virtual thread (Java 21 and later) must not do it: it may move to another carrier thread
 * between the two {@code setns} calls and leave the first one in the namespace. Virtual threads
 * hand the work to the {@link NamespaceThread}.
 *
 * <p>Between entering and leaving, nothing may start a thread, since a new thread inherits the
 * namespace of the one that starts it (see {@link NetlinkSocket}).
 */
final class NamespaceSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSwitch.class);
    private static final long RETRY_HOME_MILLIS = 10;
    /** {@code Thread.isVirtual()}, absent before Java 21. */
    private static final Method IS_VIRTUAL = isVirtualMethod();

    private NamespaceSwitch() {
    }

    /**
     * Opens a socket inside {@code namespace}; the calling thread is back in its own namespace
     * when this returns or throws.
     *
     * @throws NamespaceNotFoundException the namespace file or process does not exist
     * @throws PermissionDeniedException the process may not enter the namespace
     */
    static NetlinkSocket openSocket(Libc.Calls libc, Namespace namespace) {
        return isVirtual(Thread.currentThread())
                ? NamespaceThread.openSocket(libc, namespace) : openHere(libc, namespace);
    }

    /** Opens the socket on the calling thread, which must be a platform thread. */
    static NetlinkSocket openHere(Libc.Calls libc, Namespace namespace) {
        String operation = "enter network namespace " + namespace.path();
        int home = libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (home < 0) {
            throw NetlinkException.of("open the calling thread's network namespace",
                    libc.errno(), null);
        }
        try {
            enter(libc, namespace, operation);
            try {
                return NetlinkSocket.open(libc);
            } finally {
                returnHome(libc, home);
            }
        } finally {
            libc.close(home);
        }
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

    private static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(thread);
        } catch (ReflectiveOperationException e) {
            return true; // cannot tell: take the path that is safe for both kinds
        }
    }

    private static Method isVirtualMethod() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
