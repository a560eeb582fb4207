package io.ovsnet.agent.daemon;

import io.ovsnet.agent.attach.NetworkTags;
import io.ovsnet.agent.overlay.MeshInput;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.MeshReconciler;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the tunnel mesh from the store (ARCHITECTURE.md decision 3): a monitor on the store's
 * Host and Network tables asks {@link MeshReconciler} for a pass on every change (a host joining
 * or leaving a network, a host added or removed, a network created or deleted), so hosts converge
 * within the monitor's latency. A failed pass is tried again after a second, and a periodic tick
 * repairs anything changed behind the agent's back.
 *
 * <p>It also hands out local VLAN ids ({@link NetworkTags}): every network of the store gets one
 * in each pass, so a network's id is the one the last pass recorded on the bridge.
 */
final class MeshFollower implements NetworkTags, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeshFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final long WAIT_SECONDS = 30;
    /** How long {@link #tagFor} waits for a network its replica has not seen yet, and how often it looks. */
    private static final long TAG_WAIT_SECONDS = 10;
    private static final long TAG_RETRY_MILLIS = 20;

    private final Replica replica;
    private final MeshReconciler reconciler;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mesh-timer");
        t.setDaemon(true);
        return t;
    });

    private MeshFollower(String self, IntegrationBridge bridge, Replica replica) {
        this.replica = replica;
        this.reconciler = new MeshReconciler(bridge, self, this::input);
    }

    /**
     * Starts monitoring the store on {@code store} (the caller closes the client after this
     * follower) and applies the mesh once before returning.
     */
    static MeshFollower start(String self, IntegrationBridge bridge, OvsdbClient store) {
        Replica replica = new Replica(await(store.getSchema(OvsNetSchema.DATABASE)));
        MeshFollower follower = new MeshFollower(self, bridge, replica);
        replica.addListener(changes -> follower.request());
        await(store.monitor(OvsNetSchema.DATABASE,
                List.of(MonitorRequest.of(Host.TABLE), MonitorRequest.of(Network.TABLE)), replica));
        follower.timer.scheduleWithFixedDelay(follower::request, TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        await(follower.reconciler.request());
        return follower;
    }

    /** Asks for a mesh pass; never blocks. A failed pass is asked for again after a second. */
    void request() {
        reconciler.request().whenComplete((v, failure) -> {
            if (failure != null) {
                try {
                    timer.schedule(this::request, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    log.debug("mesh retry after close ignored");
                }
            }
        });
    }

    /**
     * Asks for a mesh pass and returns it: completes when a pass that started after this call was
     * applied, or fails with its failure (not retried: the caller decides).
     */
    CompletableFuture<Void> pass() {
        return reconciler.request();
    }

    /**
     * {@inheritDoc} Waits for mesh passes while the network is newer than the last one: the caller
     * found it in the store on another connection, so this replica may hear of it a little later.
     */
    @Override
    public int tagFor(String network) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TAG_WAIT_SECONDS);
        int passes = 0;
        while (true) {
            Optional<Integer> id = reconciler.vlans().of(network);
            if (id.isPresent()) {
                return id.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("network " + network + " has no local VLAN after " + passes
                        + " mesh passes in " + TAG_WAIT_SECONDS + " s: is it in the store?");
            }
            if (passes > 0) {
                pause(TAG_RETRY_MILLIS); // the replica has not heard of it yet: let its update come
            }
            await(reconciler.request());
            passes++;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The store's hosts as this follower's replica last saw them. Never blocks. */
    List<Host> hosts() {
        return replica.table(Host.TABLE).values().stream().map(Host::fromRow).toList();
    }

    /** The store's networks as this follower's replica last saw them. Never blocks. */
    List<Network> networks() {
        return replica.table(Network.TABLE).values().stream().map(Network::fromRow).toList();
    }

    /** Has {@code action} run after every change of the replica, on the monitor's thread: it must not block. */
    void onChange(Runnable action) {
        replica.addListener(changes -> action.run());
    }

    private MeshInput input() {
        return MeshInput.from(networks(), hosts());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops following the store; the client stays open. Idempotent. */
    @Override
    public void close() {
        reconciler.stopping();
        timer.shutdownNow();
    }
}
