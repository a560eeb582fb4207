package io.ovsnet.agent.daemon;

import static io.ovsnet.ovsdb.Failures.unwrap;

import io.ovsnet.agent.ovs.BridgeView;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the integration bridge, and containers' ports on it, back when they go away behind the
 * agent's back: {@code ovs-vsctl del-br}, a local OVSDB recreated empty (package reinstall,
 * ovs-vswitchd started on a fresh database), {@code ovs-vsctl del-port}.
 *
 * <p>It watches the switch's monitored replica. The bridge counts as lost when its row is gone or
 * has another UUID (deleted and created again by someone else: its ports are gone all the same);
 * a restart of ovsdb-server on the same database keeps the row and is no loss. A loss starts a
 * rebuild: make the bridge exist again (same datapath type), run a mesh pass (local VLAN ids and
 * every tunnel), then attach every running container again through {@link Containers#reattach},
 * which keeps each container's lease (held by its id in the store) and so its address, and put
 * the Docker plugin's endpoints back ({@link Endpoints}: their veths and leases outlive the bridge).
 * A failed step starts the rebuild again after a backoff (1 s doubling to 30 s); each kind of
 * failure is logged once per loss. Endpoints that cannot be put back are tried again on their own.
 *
 * <p>A container's port that disappears while the bridge stays is attached again, unless the
 * container is no longer running (the agent's own detach after {@code die}) or the agent has work
 * for it under way (an attach replacing an unhealthy port removes it first): such a container is
 * looked at again a second later, once that work is done.
 *
 * <p>Nothing is done before {@link #arm()} (the agent arms it when its startup reconcile is
 * done, so the two never compete); arming compares with what the bridge was when the guard
 * started. Everything runs on one thread of the guard's own; the replica's listener only
 * schedules a look.
 */
final class BridgeGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BridgeGuard.class);
    /** How long a burst of replica changes (a refill after reconnecting, many attaches) is let settle. */
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    private static final long STEP_SECONDS = 60;

    /** The running containers the agent attaches, as the guard needs them. */
    interface Containers {
        /** The ids of the running containers that ovsnet attaches. */
        Set<String> running();

        /** Whether the agent has work for the container under way or waiting to be tried again. */
        boolean busy(String id);

        /**
         * Attaches the container again, in order with its Docker events; empty when it is no longer
         * running. The future completes when the attach is done (or failed, and will be retried).
         */
        Optional<CompletableFuture<?>> reattach(String id);
    }

    /** Ports on the bridge that are not the agent's containers': the Docker plugin's endpoints. */
    interface Endpoints {
        /**
         * Puts the ports back on the rebuilt bridge; completes with how many, or fails (then it is
         * called again after a backoff; it must be idempotent).
         */
        CompletableFuture<Integer> rewire();
    }

    private final IntegrationBridge bridge;
    private final DatapathType datapath;
    private final Supplier<CompletableFuture<Void>> meshPass;
    private final Containers containers;
    private final List<Endpoints> endpoints = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bridge-guard");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean lookScheduled = new AtomicBoolean();

    // Touched only on the guard's thread.
    /** The bridge as last accepted: the reference a loss is measured against. */
    private BridgeView accepted;
    private boolean armed;
    private boolean rebuilding;
    private int rebuildFailures;
    /** The kinds of failure already logged during the current rebuild. */
    private final Set<String> failuresLogged = new HashSet<>();
    /** Containers whose port went away while the agent had work for them; looked at again. */
    private final Set<String> suspects = new HashSet<>();
    private boolean recheckScheduled;

    /**
     * @param meshPass starts a mesh pass and completes when it is applied
     */
    BridgeGuard(IntegrationBridge bridge, DatapathType datapath, Supplier<CompletableFuture<Void>> meshPass,
            Containers containers) {
        this.bridge = bridge;
        this.datapath = datapath;
        this.meshPass = meshPass;
        this.containers = containers;
        this.accepted = bridge.monitored();
        bridge.onChange(this::changed);
    }

    /** Has every rebuild also put {@code more} back, after the containers. */
    void alsoRewire(Endpoints more) {
        endpoints.add(more);
    }

    /** Starts acting on what it sees (first on what changed since the guard was made). Idempotent. */
    void arm() {
        submit(() -> {
            if (!armed) {
                armed = true;
                look();
            }
        }, Duration.ZERO);
    }

    /** On the OVSDB client's thread: schedule one look for a burst of changes, never block. */
    private void changed() {
        if (lookScheduled.compareAndSet(false, true)) {
            submit(() -> {
                lookScheduled.set(false);
                look();
            }, SETTLE);
        }
    }

    private void look() {
        if (!armed || rebuilding) {
            return; // a rebuild looks again when it is done
        }
        BridgeView now = bridge.monitored();
        if (!now.bridge().equals(accepted.bridge())) {
            rebuild(accepted);
            return;
        }
        for (String id : accepted.containers()) {
            if (!now.containers().contains(id)) {
                suspects.add(id);
            }
        }
        accepted = now;
        checkSuspects(now);
    }

    /** Attaches again the containers whose port went away, unless the agent itself took it away. */
    private void checkSuspects(BridgeView now) {
        Set<String> running = containers.running();
        for (String id : List.copyOf(suspects)) {
            if (now.containers().contains(id) || !running.contains(id)) {
                suspects.remove(id);
            } else if (!containers.busy(id)) {
                suspects.remove(id);
                log.warn("port of container {} deleted from bridge {} behind the agent's back; attaching it again",
                        id, bridge.name());
                containers.reattach(id);
            }
        }
        if (!suspects.isEmpty() && !recheckScheduled) {
            recheckScheduled = true;
            submit(() -> {
                recheckScheduled = false;
                if (armed && !rebuilding) {
                    checkSuspects(bridge.monitored());
                }
            }, RECHECK);
        }
    }

    private void rebuild(BridgeView lost) {
        rebuilding = true;
        rebuildFailures = 0;
        failuresLogged.clear();
        suspects.clear(); // every running container is attached again anyway
        log.warn("bridge {} disappeared from the local OVSDB; rebuilding: {} containers, {} tunnels", bridge.name(),
                containers.running().size(), lost.tunnels());
        rebuildStep();
    }

    /** One attempt at the whole rebuild; every step is idempotent, so a failed attempt is simply made again. */
    private void rebuildStep() {
        long started = System.nanoTime();
        try {
            await(bridge.ensure(datapath));
            Uuid made = await(bridge.select()).orElseThrow(() -> new IllegalStateException(
                    "bridge " + bridge.name() + " is gone again right after it was created")).uuid();
            await(meshPass.get());
            List<CompletableFuture<?>> attaches = new ArrayList<>();
            for (String id : containers.running()) {
                containers.reattach(id).ifPresent(attaches::add);
            }
            long failed = awaitEach(attaches);
            int rewired = 0;
            for (Endpoints more : endpoints) {
                rewired += rewire(more, 0);
            }
            BridgeView now = bridge.monitored();
            log.info("bridge rebuilt bridge={} containers={} notAttachedYet={} endpoints={} tunnels={} millis={}",
                    bridge.name(), attaches.size(), failed, rewired, now.tunnels(), (System.nanoTime() - started) / 1_000_000);
            accepted = new BridgeView(Optional.of(made), now.containers(), now.tunnels());
            rebuilding = false;
            changed(); // lost again meanwhile? (after the settling delay, so that a change is never chased hot)
        } catch (RuntimeException e) {
            if (thread.isShutdown()) {
                return; // the agent is stopping
            }
            Duration delay = backoff(rebuildFailures++);
            String reason = reason(e);
            if (failuresLogged.add(kind(reason))) {
                log.warn("bridge rebuild failed, trying again bridge={} inSeconds={} reason={}", bridge.name(),
                        delay.toSeconds(), reason);
            } else {
                log.debug("bridge rebuild failed again bridge={} attempt={} reason={}", bridge.name(),
                        rebuildFailures, reason);
            }
            submit(this::rebuildStep, delay);
        }
    }

    /**
     * Puts {@code more} back, waiting for it; how many ports it put back. A failure is tried again
     * on its own after a backoff (the bridge is there: the rest of the rebuild need not be made again).
     */
    private int rewire(Endpoints more, int failures) {
        try {
            int rewired = await(more.rewire());
            if (failures > 0) {
                log.info("endpoints wired again bridge={} endpoints={} attempt={}", bridge.name(), rewired,
                        failures + 1);
            }
            return rewired;
        } catch (RuntimeException e) {
            if (thread.isShutdown()) {
                return 0;
            }
            Duration delay = backoff(failures);
            if (failures == 0) {
                log.warn("endpoints not wired again after the bridge was lost, trying again bridge={} inSeconds={} "
                        + "reason={}", bridge.name(), delay.toSeconds(), reason(e));
            } else {
                log.debug("endpoints not wired again bridge={} attempt={} reason={}", bridge.name(), failures + 1,
                        reason(e));
            }
            submit(() -> rewire(more, failures + 1), delay);
            return 0;
        }
    }

    /** How many of the attaches failed (WorkRetries tries those again on its own). */
    private static long awaitEach(List<CompletableFuture<?>> attaches) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        long failed = 0;
        for (CompletableFuture<?> attach : attaches) {
            try {
                attach.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return failed;
    }

    static Duration backoff(int failures) {
        return WorkRetries.doubling(FIRST_RETRY, LONGEST_RETRY, failures);
    }

    /** A failure's reason without its numbers (configuration ids, timings), so repeats are one kind. */
    static String kind(String reason) {
        return reason.replaceAll("\\d+", "#");
    }

    private static String reason(Throwable failure) {
        Throwable t = unwrap(failure);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(STEP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + STEP_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void submit(Runnable task, Duration delay) {
        try {
            thread.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("bridge guard step failed bridge={} reason={}", bridge.name(), reason(e));
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("bridge guard closed, change ignored bridge={}", bridge.name());
        }
    }

    /** Stops watching; a rebuild under way stops at its next step. Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
