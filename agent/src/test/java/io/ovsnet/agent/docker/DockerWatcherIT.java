package io.ovsnet.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DockerWatcher} against a real dockerd started for this class. */
class DockerWatcherIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Dockerd dockerd;

    @BeforeAll
    static void startDockerd() throws Exception {
        dockerd = Dockerd.start();
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    @Test
    void reportsContainersFromBeforeDuringAndAfterTheListingOnce() throws Exception {
        String before = dockerd.runContainer("ovsnet.network=blue", "ovsnet.ip=10.9.0.5");
        String diesInWindow = dockerd.runContainer("ovsnet.network=blue");
        String unlabelled = dockerd.runContainer("other=1");
        AtomicReference<String> startedInWindow = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        Runnable window = () -> {
            if (once.compareAndSet(false, true)) {
                try {
                    startedInWindow.set(dockerd.runContainer("ovsnet.network=blue"));
                    dockerd.docker("kill", diesInWindow);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Recorder events = new Recorder();
        try (DockerClient client = dockerd.host().connect();
                DockerWatcher watcher = new DockerWatcher(
                        client, OvsnetLabels.NETWORK, events, Duration.ofMillis(200), window)) {
            watcher.start();
            events.await(e -> e instanceof ContainerEvent.Listed);
            events.await(e -> started(e, startedInWindow.get()));
            events.await(e -> e instanceof ContainerEvent.Died d && d.id().equals(diesInWindow));

            String after = dockerd.runContainer("ovsnet.network=blue");
            events.await(e -> started(e, after));
            long firstPid = events.started(after).pid();
            dockerd.docker("restart", "-t", "0", after);
            events.await(e -> started(e, after) && ((ContainerEvent.Started) e).container().pid() != firstPid);
            assertThat(events.count(e -> e instanceof ContainerEvent.Died d && d.id().equals(after))).isEqualTo(1);
            dockerd.docker("kill", after);
            events.awaitCount(e -> e instanceof ContainerEvent.Died d && d.id().equals(after), 2);
            dockerd.docker("rm", after);
            events.await(e -> e instanceof ContainerEvent.Destroyed d && d.id().equals(after));

            RunningContainer first = events.started(before);
            assertThat(first.labels()).containsEntry("ovsnet.network", "blue").containsEntry("ovsnet.ip", "10.9.0.5");
            assertThat(first.pid()).isEqualTo(Long.parseLong(
                    dockerd.docker("inspect", "-f", "{{.State.Pid}}", before).strip()));
            assertThat(first.sandboxKey()).hasValueSatisfying(key -> assertThat(Files.exists(key)).isTrue());
            assertThat(events.count(e -> started(e, after))).isEqualTo(2);
            for (String id : List.of(before, diesInWindow, startedInWindow.get())) {
                assertThat(events.count(e -> started(e, id))).as("Started events of %s", id).isEqualTo(1);
            }
            assertThat(events.count(e -> e instanceof ContainerEvent.Died d && d.id().equals(diesInWindow)))
                    .isEqualTo(1);
            assertThat(events.count(e -> mentions(e, unlabelled))).isZero();
        }
    }

    @Test
    void seesAContainerStartedWhileItWasDown() throws Exception {
        String running = dockerd.runContainer("ovsnet.network=red");
        try (DockerClient client = dockerd.host().connect()) {
            Recorder first = new Recorder();
            try (DockerWatcher watcher = new DockerWatcher(client, OvsnetLabels.NETWORK, first, Duration.ofMillis(200))) {
                watcher.start();
                first.await(e -> e instanceof ContainerEvent.Listed l && l.running().contains(running));
            }
            String whileDown = dockerd.runContainer("ovsnet.network=red");
            Recorder second = new Recorder();
            try (DockerWatcher watcher = new DockerWatcher(client, OvsnetLabels.NETWORK, second, Duration.ofMillis(200))) {
                watcher.start();
                second.await(e -> e instanceof ContainerEvent.Listed l && l.running().contains(whileDown));
                assertThat(second.count(e -> started(e, whileDown))).isEqualTo(1);
                assertThat(second.count(e -> started(e, running))).isEqualTo(1);
            }
            assertThat(first.count(e -> mentions(e, whileDown))).isZero();
        }
    }

    @Test
    void followsAgainAfterDockerdRestarts() throws Exception {
        Recorder events = new Recorder();
        try (DockerClient client = dockerd.host().connect();
                DockerWatcher watcher = new DockerWatcher(client, OvsnetLabels.NETWORK, events, Duration.ofMillis(200))) {
            watcher.start();
            String beforeRestart = dockerd.runContainer("ovsnet.network=green");
            events.await(e -> started(e, beforeRestart));

            dockerd.stop();
            dockerd.startDaemon();
            events.await(e -> e instanceof ContainerEvent.Died d && d.id().equals(beforeRestart));
            events.awaitCount(e -> e instanceof ContainerEvent.Listed, 2);

            String afterRestart = dockerd.runContainer("ovsnet.network=green");
            events.await(e -> started(e, afterRestart));
        }
    }

    private static boolean started(ContainerEvent e, String id) {
        return e instanceof ContainerEvent.Started s && s.container().id().equals(id);
    }

    private static boolean mentions(ContainerEvent e, String id) {
        if (e instanceof ContainerEvent.Started s) {
            return s.container().id().equals(id);
        } else if (e instanceof ContainerEvent.Died d) {
            return d.id().equals(id);
        } else if (e instanceof ContainerEvent.Destroyed d) {
            return d.id().equals(id);
        }
        return ((ContainerEvent.Listed) e).running().contains(id);
    }

    /** Keeps every event, in order. */
    private static final class Recorder implements ContainerListener {
        private final List<ContainerEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void on(ContainerEvent event) {
            events.add(event);
        }

        void await(Predicate<ContainerEvent> p) {
            awaitCount(p, 1);
        }

        void awaitCount(Predicate<ContainerEvent> p, long n) {
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .alias("events so far: " + events)
                    .until(() -> count(p) >= n);
        }

        long count(Predicate<ContainerEvent> p) {
            return events.stream().filter(p).count();
        }

        RunningContainer started(String id) {
            return events.stream()
                    .filter(e -> DockerWatcherIT.started(e, id))
                    .map(e -> ((ContainerEvent.Started) e).container())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Started event for " + id + " in " + events));
        }
    }
}
