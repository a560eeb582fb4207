package io.ovsnet.agent.daemon;

import static io.ovsnet.ovsdb.Failures.unwrap;

import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.docker.InvalidLabelException;
import io.ovsnet.agent.docker.RunningContainer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches and detaches that failed, tried again until they succeed or no longer apply.
 *
 * <p>Docker reports a container once; if its attach fails because the store is down (longer than
 * the allocator's patience), the pool is exhausted or its network does not exist yet, nothing
 * else would ever attach it, and a detach that could not release its lease would leave the lease
 * behind until the agent restarts. Here every such container is remembered and handed to the
 * {@link Attacher} again, first after {@link #FIRST_DELAY}, then at doubling intervals up to
 * {@link #LONGEST_DELAY}. A container with a label that cannot be parsed is not retried (only a
 * new container fixes that); a pending attach is dropped when the container dies, a pending
 * detach when the container starts again (its new attach replaces it).
 *
 * <p>{@link #attach}, {@link #detach} and {@link #retryDue} only hand work to the attacher's
 * lanes and never block; they run under this object's lock so that the order in which a
 * container's attach and detach reach its lane is the order of its events.
 */
final class WorkRetries {
    private static final Logger log = LoggerFactory.getLogger(WorkRetries.class);
    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration LONGEST_DELAY = Duration.ofSeconds(60);

    /** Work owed to one container: under way ({@code inFlight}), or due again at {@code dueNanos}. */
    private record Pending(Supplier<CompletableFuture<?>> work, int failures, long dueNanos, boolean inFlight) {
        Pending failedAgain(long now) {
            return new Pending(work, failures + 1, now + doubling(FIRST_DELAY, LONGEST_DELAY, failures).toNanos(), false);
        }
    }

    /** {@code first} doubled once per failure so far, at most {@code longest}: the agent's retry delays. */
    static Duration doubling(Duration first, Duration longest, int failures) {
        long nanos = first.toNanos() << Math.min(failures, 10);
        return Duration.ofNanos(Math.min(nanos, longest.toNanos()));
    }

    private final Attacher attacher;
    /** The latest attach or detach of each container until it succeeds, by container id. Guarded by this. */
    private final Map<String, Pending> pending = new HashMap<>();

    WorkRetries(Attacher attacher) {
        this.attacher = attacher;
    }

    /** Attaches {@code container} now; if that fails, tries again later. Replaces a pending detach. */
    synchronized CompletableFuture<?> attach(RunningContainer container) {
        return start(container.id(), () -> {
            if (container.pid() > 0 && ProcessHandle.of(container.pid()).isEmpty()) {
                return CompletableFuture.completedFuture(null); // gone; its die event detaches it
            }
            return attacher.attach(container);
        });
    }

    /** Detaches the container now; if that fails, tries again later. Replaces a pending attach. */
    synchronized CompletableFuture<?> detach(String id, Map<String, String> labels) {
        return start(id, () -> attacher.detach(id, labels));
    }

    /** Hands every pending piece of work that is due, and not under way, to the attacher again. */
    synchronized void retryDue() {
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> e : List.copyOf(pending.entrySet())) {
            Pending p = e.getValue();
            if (!p.inFlight() && now - p.dueNanos() >= 0) {
                log.info("retrying container work container={} attempt={}", e.getKey(), p.failures() + 1);
                Pending attempt = new Pending(p.work(), p.failures(), p.dueNanos(), true);
                pending.put(e.getKey(), attempt);
                track(e.getKey(), attempt);
            }
        }
    }

    /** Whether the container has work under way or waiting to be tried again. */
    synchronized boolean owes(String id) {
        return pending.containsKey(id);
    }

    /** How many containers have work pending. */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** Makes {@code work} the container's latest, replacing what was owed before, and starts it. */
    private CompletableFuture<?> start(String id, Supplier<CompletableFuture<?>> work) {
        Pending attempt = new Pending(work, 0, System.nanoTime(), true);
        pending.put(id, attempt);
        return track(id, attempt);
    }

    private CompletableFuture<?> track(String id, Pending attempt) {
        CompletableFuture<?> result;
        try {
            result = attempt.work().get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((v, failure) -> settled(id, attempt, failure));
        return result;
    }

    private synchronized void settled(String id, Pending attempt, Throwable failure) {
        Pending current = pending.get(id);
        if (current == null || current.work() != attempt.work()) {
            return; // a newer event replaced this work meanwhile
        }
        if (failure == null || unwrap(failure) instanceof InvalidLabelException) {
            if (failure == null && attempt.failures() > 0) {
                log.info("container work done after retrying container={} attempts={}", id, attempt.failures() + 1);
            }
            pending.remove(id);
            return;
        }
        Pending next = attempt.failedAgain(System.nanoTime());
        pending.put(id, next);
        log.info("container work will be retried container={} inSeconds={} reason={}", id,
                Duration.ofNanos(next.dueNanos() - System.nanoTime()).toSeconds(), unwrap(failure).toString());
    }
}
