package io.ovsnet.bench.restart;

import io.ovsnet.agent.netlink.Link;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkException;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches many running containers from outside, on one thread, until each has its interface up
 * with an address of the network's subnet, and records when (nanoseconds after a given origin).
 *
 * <p>One thread for all, rather than one per container as the attach benchmark's probe: with a
 * hundred containers a thread each would take the two cores away from the agent being measured.
 * The thread goes round the containers not yet configured, one netlink look per container, and
 * pauses {@value #ROUND_PAUSE_MICROS} µs between rounds, so a time is late by at most one round.
 */
final class AddressWatch implements AutoCloseable {
    private static final long ROUND_PAUSE_MICROS = 1000;

    private final Map<String, NetlinkHandle> handles = new LinkedHashMap<>();
    private final String iface;
    private final Cidr subnet;

    /** Opens a netlink handle in the network namespace of each container's process ({@code id → pid}). */
    AddressWatch(Map<String, Long> pids, String iface, Cidr subnet) {
        this.iface = iface;
        this.subnet = subnet;
        try {
            pids.forEach((id, pid) -> handles.put(id, NetlinkHandle.open(Namespace.ofPid(pid))));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** How many containers are configured now (before the agent starts this must be 0). */
    long configuredNow() {
        return handles.values().stream().filter(this::configured).count();
    }

    /**
     * Starts watching; completes with the time of each container (nanoseconds after {@code
     * originNanos}, in the order given at construction), or fails after {@code timeoutMillis}
     * naming how many are still not configured.
     */
    CompletableFuture<List<Long>> watch(long originNanos, long timeoutMillis) {
        CompletableFuture<List<Long>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(poll(originNanos, originNanos + timeoutMillis * 1_000_000));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "restart-address-watch");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private List<Long> poll(long originNanos, long deadline) {
        List<NetlinkHandle> order = new ArrayList<>(handles.values());
        long[] times = new long[order.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            pending.removeIf(i -> {
                if (!configured(order.get(i))) {
                    return false;
                }
                times[i] = System.nanoTime() - originNanos;
                return true;
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " of " + order.size()
                        + " containers still without " + iface + " up in " + subnet);
            }
            LockSupport.parkNanos(ROUND_PAUSE_MICROS * 1000);
        }
        List<Long> out = new ArrayList<>();
        for (long time : times) {
            out.add(time);
        }
        return out;
    }

    private boolean configured(NetlinkHandle inside) {
        try {
            Optional<Link> link = inside.link(iface);
            if (link.isEmpty() || !link.get().isUp()) {
                return false;
            }
            return inside.addresses(iface).stream()
                    .anyMatch(a -> subnet.contains(IpAddress.of(a.ip())));
        } catch (NetlinkException e) {
            return false; // the link is being built: look again next round
        }
    }

    @Override
    public void close() {
        handles.values().forEach(NetlinkHandle::close);
    }
}
