package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Teardown leaves nothing behind: no namespaces, processes, files or mounts of the run. */
class TeardownIT {

    @Test
    void threeHostsWithDockerLeaveNothingBehind() throws IOException {
        RunId run;
        List<Long> pids = new ArrayList<>();
        try (Testbed testbed = Testbed.builder().hosts(3).withDocker().start()) {
            run = testbed.runId();
            testbed.host(1).addContainer("left1");
            testbed.host(2).docker("run", "-d", "--network", "none", testbed.host(2).busyboxImage(),
                    "sleep", "600").orThrow();
            for (Daemon daemon : testbed.daemons()) {
                pids.add(daemon.pid());
                ProcessHandle.of(daemon.pid()).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
            }
            assertThat(namespacesOf(run)).hasSize(3 + 1 + 1);
            assertThat(processesMentioning(run)).isNotEmpty();
            assertThat(mountsMentioning(run.value())).as("netns and plugin bind mounts").isNotEmpty();
            assertThat(pids).hasSizeGreaterThan(9); // 3 x (ovsdb-server, ovs-vswitchd, dockerd, containerd)
        }
        assertNothingLeft(run, pids);
    }

    @Test
    void extensionTearsDownWhenTheTestFails() throws IOException {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingTest.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        String message = summary.getFailures().get(0).getException().getMessage();
        Matcher matcher = Pattern.compile("run=(\\w+) pids=\\[([\\d, ]+)]").matcher(message);
        assertThat(matcher.find()).as(message).isTrue();
        List<Long> pids = Stream.of(matcher.group(2).split(", ")).map(Long::valueOf).toList();
        assertNothingLeft(new RunId(matcher.group(1)), pids);
    }

    /** Run only through the launcher above (a nested class is not picked up by Failsafe). */
    static class FailingTest {
        @RegisterExtension
        final TestbedExtension<Testbed> testbed = TestbedExtension.of(() -> Testbed.builder().hosts(1).start());

        @Test
        void fails() {
            Testbed running = testbed.get();
            running.host(1).addContainer("doomed");
            throw new AssertionError("deliberate failure run=" + running.runId() + " pids="
                    + running.daemons().stream().map(Daemon::pid).toList());
        }
    }

    @Test
    void storeClusterLeavesNothingBehind() throws IOException {
        Path schema = Path.of("src/test/resources/ledger.ovsschema");
        List<Long> pids = new ArrayList<>();
        Path dir;
        try (Store store = Store.cluster(3, schema)) {
            store.members().forEach(m -> pids.add(m.daemon().pid()));
            StoreMember leader = store.leader();
            store.kill(leader);
            store.restart(leader);
            pids.add(leader.daemon().pid());
            dir = leader.databaseFile().getParent().getParent().getParent();
        }
        assertThat(pids).noneMatch(TeardownIT::running);
        assertThat(dir).doesNotExist();
        assertThat(processesMentioning(dir.toString())).isEmpty();
    }

    private static void assertNothingLeft(RunId run, List<Long> pids) throws IOException {
        assertThat(namespacesOf(run)).as("namespaces of run %s", run).isEmpty();
        assertThat(pids).as("processes started by run %s", run).noneMatch(TeardownIT::running);
        assertThat(processesMentioning(run)).as("processes naming run %s", run).isEmpty();
        assertThat(run.directory()).doesNotExist();
        assertThat(mountsMentioning(run.value())).as("mounts of run %s in any mount namespace", run).isEmpty();
    }

    /** Mount entries naming {@code text} in the mount namespace of any process. */
    private static List<String> mountsMentioning(String text) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            try {
                Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "mountinfo")).stream()
                        .filter(line -> line.contains(text))
                        .forEach(line -> found.add(process.pid() + ": " + line));
            } catch (IOException e) {
                // The process exited meanwhile.
            }
        });
        return found;
    }

    private static List<String> namespacesOf(RunId run) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/run/netns"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(run.value())).toList();
        }
    }

    private static List<String> processesMentioning(RunId run) {
        return processesMentioning(run.directory().toString());
    }

    /** Command lines of running processes that contain {@code text}. */
    private static List<String> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> running(p.pid()))
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(text))
                .toList();
    }

    private static boolean running(long pid) {
        return new Daemon("pid " + pid, pid, Path.of("/dev/null")).isAlive();
    }
}
