package io.ovsnet.agent.ovs;

import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.MeshInput;
import io.ovsnet.agent.overlay.MeshPlanner;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tunnel mesh and the local VLAN ids equal to what the store says: each pass reads the
 * bridge, gives every network of the store (and every network a container port still uses) a
 * local VLAN, plans the mesh and applies the diff in one transaction.
 *
 * <p>Passes never overlap. Requests made while a pass runs are served by one more pass after it,
 * which reads the store input afresh; so a burst of store changes costs at most two passes.
 */
public final class MeshReconciler {
    private static final Logger log = LoggerFactory.getLogger(MeshReconciler.class);

    private final IntegrationBridge bridge;
    private final TunnelMesh mesh;
    private final MeshPlanner planner;
    private final Supplier<MeshInput> store;
    private final Object lock = new Object();
    private CompletableFuture<Void> running;
    private CompletableFuture<Void> queued;
    private volatile LocalVlans vlans = new LocalVlans(Map.of());
    private volatile boolean stopping;

    /**
     * @param self this host's name in the store
     * @param store gives the store's current networks and hosts; called once per pass, on the thread
     *     of {@link #request()} or on the OVSDB client's callback thread
     */
    public MeshReconciler(IntegrationBridge bridge, String self, Supplier<MeshInput> store) {
        this.bridge = bridge;
        this.mesh = new TunnelMesh(bridge);
        this.planner = new MeshPlanner(self);
        this.store = store;
    }

    /**
     * Asks for the mesh to match the store. The future completes when a pass that started after
     * this call has been applied (by ovs-vswitchd too), or fails with that pass's failure.
     * Idempotent: a pass with nothing to change writes nothing. The future completes on the
     * OVSDB client's callback thread: code chained to it must not block on that client.
     */
    public CompletableFuture<Void> request() {
        CompletableFuture<Void> pass;
        synchronized (lock) {
            if (running != null) {
                if (queued == null) {
                    queued = new CompletableFuture<>();
                }
                return queued;
            }
            running = new CompletableFuture<>();
            pass = running;
        }
        run(pass);
        return pass;
    }

    /** The local VLAN ids applied by the last successful pass. */
    public LocalVlans vlans() {
        return vlans;
    }

    /** From now on a failed pass is the agent's stop at work, logged at debug. Idempotent. */
    public void stopping() {
        stopping = true;
    }

    private void run(CompletableFuture<Void> pass) {
        pass().whenComplete((v, failure) -> {
            if (failure != null) {
                if (stopping) {
                    log.debug("mesh reconcile stopped by the agent's stop bridge={} reason={}", bridge.name(),
                            failure.toString());
                } else {
                    log.warn("mesh reconcile failed bridge={} reason={}", bridge.name(), failure.toString());
                }
                pass.completeExceptionally(failure);
            } else {
                pass.complete(null);
            }
            CompletableFuture<Void> next;
            synchronized (lock) {
                next = queued;
                queued = null;
                running = next;
            }
            if (next != null) {
                run(next);
            }
        });
    }

    private CompletableFuture<Void> pass() {
        try {
            MeshInput input = store.get();
            return bridge.snapshot().thenCompose(actual -> {
                // A network that left the store keeps its VLAN while container ports still carry it,
                // so the id is never given to another network under their feet.
                Set<String> networks = new TreeSet<>(input.networkNames());
                actual.containerPorts().forEach(p -> networks.add(p.network()));
                LocalVlans wanted = actual.vlans().assign(networks);
                return mesh.apply(actual, planner.plan(input.members(), input.addresses(), wanted, actual.tunnelPorts(),
                        actual.namesInUse()),
                        wanted).thenRun(() -> vlans = wanted);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
