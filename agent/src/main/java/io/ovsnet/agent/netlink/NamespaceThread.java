package io.ovsnet.agent.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * The thread that opens netlink sockets (and does the little else that must happen) inside other
 * namespaces: the only thread of the process that calls {@code setns} (see {@link NamespaceSwitch}).
 * It serves requests one at a
 * time: enter the namespace, create the socket (which keeps that namespace for good), and return
 * to the namespace the thread started in before answering. It runs nothing else and holds no
 * namespace between requests (a thread parked inside a container's namespace would keep it
 * alive). Nothing it runs may start a thread either, since a new thread inherits the namespace of
 * the one that starts it: no logging setup, no library that starts a helper thread on first use
 * (such as JNR's memory allocation, see {@link NetlinkSocket}).
 *
 * <p>The thread is started by the first request, from a caller's thread, so it starts in the
 * process's namespace; if it cannot even open its own namespace file, it fails the requests
 * waiting for it and ends, and the next request starts a new one.
 */
final class NamespaceThread {
    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}: the requests not yet taken, and whether a thread serves them. */
    private static final LinkedBlockingQueue<Request> QUEUE = new LinkedBlockingQueue<>();
    private static boolean running;

    private NamespaceThread() {
    }

    /** Work to do inside {@code namespace}; {@code action} must not start a thread. */
    private record Request(Namespace namespace, Supplier<Object> action, CompletableFuture<Object> result) {
    }

    /**
     * Opens a socket inside {@code namespace} on the namespace thread.
     *
     * @throws NamespaceNotFoundException the namespace file or process does not exist
     * @throws PermissionDeniedException the process may not enter the namespace
     */
    static NetlinkSocket openSocket(Libc.Calls libc, Namespace namespace) {
        NetlinkSocket socket = (NetlinkSocket) run(libc, namespace, () -> NetlinkSocket.open(libc));
        return socket;
    }

    /**
     * Runs {@code action} inside {@code namespace} on the namespace thread and returns what it
     * returns. The action must be short and must not start a thread (no logging set-up, no
     * library that starts a helper thread): a new thread would stay in the namespace.
     *
     * @throws NamespaceNotFoundException the namespace file or process does not exist
     * @throws PermissionDeniedException the process may not enter the namespace
     */
    static Object run(Libc.Calls libc, Namespace namespace, Supplier<Object> action) {
        String operation = "enter network namespace " + namespace.path();
        CompletableFuture<Object> result = new CompletableFuture<>();
        synchronized (LOCK) {
            QUEUE.add(new Request(namespace, action, result));
            if (!running) {
                Thread thread = new Thread(() -> serve(libc), "netlink-namespaces");
                thread.setDaemon(true);
                thread.start();
                running = true;
            }
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(operation + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.thenAccept(done -> {
                if (done instanceof NetlinkSocket socket) {
                    socket.close();
                }
            });
            throw new NetlinkException(operation, NetlinkException.EINTR, "interrupted while waiting for it");
        }
    }

    /** The thread's loop; ends only if it cannot open its own namespace file. */
    private static void serve(Libc.Calls libc) {
        int home = libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (home < 0) {
            int errno = libc.errno();
            failAll(new NetlinkException("open the netlink thread's own namespace", errno, null));
            return;
        }
        while (true) {
            Request request;
            try {
                request = QUEUE.take();
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose; it serves until told otherwise
            }
            Object done = null;
            RuntimeException failure = null;
            try {
                NamespaceSwitch.enter(libc, request.namespace(), "enter network namespace "
                        + request.namespace().path());
                done = request.action().get();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                NamespaceSwitch.returnHome(libc, home);
            }
            // Answered only once home, so nothing the caller chains on runs inside the namespace.
            if (failure != null) {
                request.result().completeExceptionally(failure);
            } else {
                request.result().complete(done);
            }
        }
    }

    /** Ends this thread's service: fails every waiting request; the next one starts a thread. */
    private static void failAll(RuntimeException failure) {
        List<Request> waiting = new ArrayList<>();
        synchronized (LOCK) {
            running = false;
            QUEUE.drainTo(waiting);
        }
        waiting.forEach(request -> request.result().completeExceptionally(failure));
    }
}
