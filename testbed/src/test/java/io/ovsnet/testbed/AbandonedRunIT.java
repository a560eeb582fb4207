package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A testbed whose JVM exits without closing it is still removed. */
class AbandonedRunIT {
    private static final Path SCHEMA = Path.of("src/test/resources/ledger.ovsschema");

    private record Abandoned(RunId run, List<Long> pids) {
    }

    private static Abandoned runChild(String... args) {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(), "-cp",
                System.getProperty("java.class.path"), AbandonedTestbed.class.getName()));
        command.addAll(List.of(args));
        CommandResult child = new CommandRunner(List.of(), Map.of(), Duration.ofSeconds(120)).run(command);
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        Matcher matcher = Pattern.compile("run=(\\w+) pids=\\[([\\d, ]+)]").matcher(child.stdout());
        assertThat(matcher.find()).as(child.stdout()).isTrue();
        return new Abandoned(new RunId(matcher.group(1)),
                Stream.of(matcher.group(2).split(", ")).map(Long::valueOf).toList());
    }

    @Test
    void shutdownHookTearsDownWhenTheJvmExits() throws IOException {
        Abandoned abandoned = runChild();
        assertGone(abandoned);
    }

    @Test
    void nextStartRemovesARunWhoseJvmWasKilled() throws IOException {
        Abandoned abandoned = runChild("crash");
        assertThat(abandoned.run().directory()).exists();
        assertThat(abandoned.pids()).allMatch(AbandonedRunIT::running);

        try (Store store = Store.standalone(SCHEMA)) {
            assertGone(abandoned);
            assertThat(store.members().get(0).isRunning()).isTrue();
        }
    }

    private static void assertGone(Abandoned abandoned) throws IOException {
        RunId run = abandoned.run();
        assertThat(abandoned.pids()).hasSize(3).noneMatch(AbandonedRunIT::running);
        assertThat(run.directory()).doesNotExist();
        try (Stream<Path> namespaces = Files.list(Path.of("/run/netns"))) {
            assertThat(namespaces.map(Path::toString)).noneMatch(name -> name.contains(run.value()));
        }
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")))
                .noneMatch(line -> line.contains(run.directory().toString()));
    }

    private static boolean running(long pid) {
        return new Daemon("pid " + pid, pid, Path.of("/dev/null")).isAlive();
    }
}
