package io.ovsnet.bench.attach;

import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.netlink.Link;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NamespaceNotFoundException;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.NetlinkException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one container from outside until its interface is configured, on its own thread.
 *
 * <p>"Configured" is what ovsnet's agent promises when it reports a container attached: the
 * interface {@code iface} has the expected address and is up (the agent brings it up only after
 * ovs-vswitchd applied the port, so "up" implies "forwarding"). The probe finds the container's
 * init process as soon as Docker's cgroup for it has a process (before Docker's {@code start}
 * event), opens a netlink handle in that process's network namespace (once it differs from the
 * host's), and polls every {@value #POLL_MICROS} µs. {@link Sample#censored()} says the first look
 * already found the interface configured: the time is then only an upper bound.
 */
final class AddressProbe {
    private static final long POLL_MICROS = 250;
    private static final Path PIDS_CGROUP = Path.of("/sys/fs/cgroup/pids/docker");

    /** When the interface was first seen configured, and whether that was the probe's first look. */
    record Sample(Instant configured, boolean censored) {}

    private AddressProbe() {
    }

    /**
     * Starts watching container {@code id} (created, not yet started) whose namespace must differ
     * from {@code hostNamespace}; completes when {@code iface} is up with {@code ip}, or fails
     * after {@code timeoutMillis}.
     */
    static CompletableFuture<Sample> watch(String id, Path hostNamespace, String iface, InetAddress ip,
            long timeoutMillis) {
        CompletableFuture<Sample> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(poll(id, hostNamespace, iface, ip, System.nanoTime() + timeoutMillis * 1_000_000));
            } catch (RuntimeException | IOException e) {
                result.completeExceptionally(e);
            }
        }, "probe-" + id.substring(0, 12));
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static Sample poll(String id, Path hostNamespace, String iface, InetAddress ip, long deadline)
            throws IOException {
        Object hostInode = Files.getAttribute(hostNamespace, "unix:ino");
        Path procs = PIDS_CGROUP.resolve(id).resolve("cgroup.procs");
        while (true) {
            long pid = firstPid(procs);
            if (pid > 0 && !inNamespace(pid, hostInode)) {
                try (NetlinkHandle inside = NetlinkHandle.open(Namespace.ofPid(pid))) {
                    boolean first = true;
                    while (true) {
                        if (configured(inside, iface, ip)) {
                            return new Sample(Instant.now(), first);
                        }
                        first = false;
                        pause(deadline, "interface " + iface + " of container " + id + " not up with "
                                + ip.getHostAddress());
                    }
                } catch (NamespaceNotFoundException e) {
                    // A short-lived process of runc's start-up: look again.
                }
            }
            pause(deadline, "no process of container " + id + " in its own network namespace");
        }
    }

    private static boolean inNamespace(long pid, Object namespaceInode) {
        try {
            return Files.getAttribute(Path.of("/proc", Long.toString(pid), "ns", "net"), "unix:ino")
                    .equals(namespaceInode);
        } catch (IOException e) {
            return true; // gone already: not the container's process
        }
    }

    private static boolean configured(NetlinkHandle inside, String iface, InetAddress ip) {
        try {
            Optional<Link> link = inside.link(iface);
            if (link.isEmpty() || !link.get().isUp()) {
                return false;
            }
            List<Address> addresses = inside.addresses(iface);
            return addresses.stream().anyMatch(a -> a.ip().equals(ip));
        } catch (NetlinkException e) {
            return false; // the link vanished between the two calls
        }
    }

    private static long firstPid(Path procs) {
        try {
            return Files.readAllLines(procs).stream().filter(s -> !s.isBlank()).findFirst()
                    .map(Long::parseLong).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void pause(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
        LockSupport.parkNanos(POLL_MICROS * 1000);
    }
}
