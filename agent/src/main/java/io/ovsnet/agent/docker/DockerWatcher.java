package io.ovsnet.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the containers of one Docker daemon that carry a given label and reports them as
 * {@link ContainerEvent}s.
 *
 * <p>On start, and again whenever the event stream ends (dockerd restarted or the socket went
 * away), it reads the daemon's clock, lists the running containers, and then subscribes to events
 * <em>since that clock reading</em>, so that nothing between the listing and the subscription is
 * lost. Events that repeat what the listing showed are dropped: a {@code start} of a container
 * already reported running, a {@code die} of one never reported running. After a reconnect the
 * new listing is compared with what was known: containers gone are reported as {@link
 * ContainerEvent.Died}, containers with a new pid as died and started again.
 *
 * <p>Everything runs on one thread owned by the watcher, so the listener sees one event at a time.
 */
public final class DockerWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerWatcher.class);

    private final DockerClient docker;
    private final String labelKey;
    private final ContainerListener listener;
    private final Duration retryDelay;
    private final ScheduledExecutorService thread;
    /** Containers reported running, by id. Touched only on {@link #thread}. */
    private final Map<String, RunningContainer> running = new HashMap<>();

    /** Runs between the listing and the subscription; lets a test act inside that window. */
    private final Runnable betweenListingAndSubscribing;
    /** The event subscription and its number; events of older subscriptions are ignored. Touched only on {@link #thread}. */
    private Closeable stream;
    private int generation;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param docker the daemon's client; the caller keeps ownership and closes it after the watcher
     * @param labelKey only containers with this label are followed, such as {@code ovsnet.network}
     * @param listener receives the events
     * @param retryDelay how long to wait before listing again after the daemon could not be reached
     */
    public DockerWatcher(DockerClient docker, String labelKey, ContainerListener listener, Duration retryDelay) {
        this(docker, labelKey, listener, retryDelay, () -> {});
    }

    DockerWatcher(DockerClient docker, String labelKey, ContainerListener listener, Duration retryDelay,
            Runnable betweenListingAndSubscribing) {
        this.betweenListingAndSubscribing = betweenListingAndSubscribing;
        this.docker = docker;
        this.labelKey = labelKey;
        this.listener = listener;
        this.retryDelay = retryDelay;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "docker-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts listing and following; returns at once. Idempotent: calling it again starts nothing new. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            thread.execute(this::sync);
        }
    }

    /** Stops following. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.execute(this::closeStream);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Lists, reports the differences, subscribes. On failure, tries again after the retry delay. */
    private void sync() {
        if (closed) {
            return;
        }
        closeStream();
        int current = ++generation;
        try {
            String since = unixTime(docker.infoCmd().exec().getSystemTime());
            List<Container> listed = docker.listContainersCmd().withLabelFilter(List.of(labelKey)).exec();
            Set<String> now = new HashSet<>();
            for (Container c : listed) {
                inspect(c.getId()).ifPresent(container -> {
                    now.add(container.id());
                    RunningContainer known = running.get(container.id());
                    if (known != null && known.pid() != container.pid()) {
                        died(known);
                    }
                    if (known == null || known.pid() != container.pid()) {
                        started(container);
                    }
                });
            }
            for (RunningContainer gone : List.copyOf(running.values())) {
                if (!now.contains(gone.id())) {
                    died(gone);
                }
            }
            emit(new ContainerEvent.Listed(now));
            log.info("docker containers listed running={} since={}", now.size(), since);
            betweenListingAndSubscribing.run();
            stream = docker.eventsCmd()
                    .withSince(since)
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("start", "die", "destroy")
                    .withLabelFilter(labelKey)
                    .exec(new Events(current));
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("docker not reachable, retrying retryIn={} reason={}", retryDelay, e.toString());
                thread.schedule(this::sync, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void handle(Event event) {
        String id = event.getActor() != null && event.getActor().getId() != null
                ? event.getActor().getId()
                : event.getId();
        Map<String, String> attributes =
                event.getActor() == null || event.getActor().getAttributes() == null
                        ? Map.of()
                        : event.getActor().getAttributes();
        String action = event.getAction() != null ? event.getAction()
                : event.getStatus() != null ? event.getStatus() : "";
        switch (action) {
            case "start" -> {
                if (running.containsKey(id)) {
                    log.debug("docker start already known id={}", id);
                } else {
                    long age = eventAge(event);
                    long inspecting = System.nanoTime();
                    Optional<RunningContainer> found = inspect(id);
                    log.debug("docker start inspected id={} eventAgeMicros={} inspectMicros={}", id, age / 1000,
                            (System.nanoTime() - inspecting) / 1000);
                    found.ifPresent(this::started);
                }
            }
            case "die" -> {
                RunningContainer known = running.get(id);
                if (known != null) {
                    died(known);
                }
            }
            case "destroy" -> {
                RunningContainer known = running.get(id);
                if (known != null) {
                    died(known);
                }
                emit(new ContainerEvent.Destroyed(id, known == null ? attributes : known.labels()));
            }
            default -> log.debug("docker event ignored id={} action={}", id, action);
        }
    }

    private void started(RunningContainer container) {
        running.put(container.id(), container);
        emit(new ContainerEvent.Started(container));
    }

    private void died(RunningContainer container) {
        running.remove(container.id());
        emit(new ContainerEvent.Died(container.id(), container.labels()));
    }

    /** A failing listener is logged and does not stop the watcher. */
    private void emit(ContainerEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            log.error("container listener failed event={}", event, e);
        }
    }

    /** The stream of the current subscription ended: list and subscribe again, once. */
    private void streamEnded(String reason) {
        generation++;
        log.warn("docker event stream ended, listing again reason={}", reason);
        thread.schedule(this::sync, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Nanoseconds from dockerd's time of {@code event} to now (by this machine's clock), or -1 when the event has none. */
    private static long eventAge(Event event) {
        Long nanos = event.getTimeNano();
        if (nanos == null) {
            return -1;
        }
        Instant now = Instant.now();
        return (now.getEpochSecond() * 1_000_000_000L + now.getNano()) - nanos;
    }

    /** The container if it exists and runs now. */
    private Optional<RunningContainer> inspect(String id) {
        InspectContainerResponse r;
        try {
            r = docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        return RunningContainer.of(r);
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                log.debug("docker event stream close failed reason={}", e.toString());
            }
            stream = null;
        }
    }

    /** Docker's {@code SystemTime} (RFC 3339) as the {@code seconds.nanoseconds} form that {@code since} takes. */
    static String unixTime(String systemTime) {
        OffsetDateTime t = OffsetDateTime.parse(systemTime);
        return String.format("%d.%09d", t.toEpochSecond(), t.getNano());
    }

    /** One subscription; events of an older subscription are ignored. */
    private final class Events extends ResultCallback.Adapter<Event> {
        private final int subscription;

        Events(int subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(Event event) {
            onThread(() -> handle(event));
        }

        @Override
        public void onError(Throwable error) {
            onThread(() -> streamEnded(error.toString()));
        }

        @Override
        public void onComplete() {
            onThread(() -> streamEnded("closed by the daemon"));
        }

        private void onThread(Runnable r) {
            if (closed) {
                return;
            }
            try {
                thread.execute(() -> {
                    if (!closed && subscription == generation) {
                        r.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("docker event after close ignored");
            }
        }
    }
}
