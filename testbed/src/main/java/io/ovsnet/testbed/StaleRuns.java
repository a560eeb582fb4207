package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs left behind by a JVM that died without running its shutdown hook (SIGKILL, a crash).
 * Each run records its owner in {@code /run/ovsnet-it/RUNID/owner} (pid and start time of the
 * JVM); a run whose owner is gone is removed by the next testbed or store that starts: the
 * processes recorded in its pidfiles (only if their command line still names the run
 * directory, so a reused pid is never hit), its namespaces {@code ovt-RUNID-*} and its directory.
 */
final class StaleRuns {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRuns.class);
    private static final String OWNER = "owner";

    private StaleRuns() {
    }

    /** Records the current JVM as the owner of {@code run}; its directory must exist. */
    static void claim(RunId run) {
        ProcessHandle self = ProcessHandle.current();
        String owner = self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("?");
        try {
            Files.writeString(run.directory().resolve(OWNER), owner);
        } catch (IOException e) {
            throw new TestbedException("cannot write " + run.directory().resolve(OWNER) + ": " + e.getMessage(), e);
        }
    }

    /** Removes every run whose owner JVM is gone. Idempotent; failures are logged, not thrown. */
    static void sweep() {
        if (!Files.isDirectory(RunId.BASE)) {
            return;
        }
        try (Stream<Path> runs = Files.list(RunId.BASE)) {
            runs.filter(dir -> Files.exists(dir.resolve(OWNER)) && !ownerAlive(dir.resolve(OWNER)))
                    .forEach(StaleRuns::remove);
        } catch (IOException e) {
            LOG.warn("stale run sweep failed base={} error={}", RunId.BASE, e.getMessage());
        }
    }

    private static boolean ownerAlive(Path ownerFile) {
        try {
            String[] owner = Files.readString(ownerFile).strip().split(" ");
            return ProcessHandle.of(Long.parseLong(owner[0]))
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Object::toString).orElse("?").equals(owner[1]))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return true; // Unreadable or half-written: leave it alone.
        }
    }

    private static void remove(Path dir) {
        RunId run = new RunId(dir.getFileName().toString());
        LOG.info("removing stale run run={} directory={}", run, dir);
        try {
            for (Path pidFile : pidFiles(dir)) {
                stopIfOurs(pidFile, dir);
            }
            try (Stream<Path> namespaces = Files.list(Path.of("/run/netns"))) {
                for (Path ns : namespaces.toList()) {
                    if (ns.getFileName().toString().startsWith(run.namespace(""))) {
                        Host.deleteNamespace(ns.getFileName().toString());
                    }
                }
            }
            Directories.deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("stale run not fully removed run={} error={}", run, e.getMessage());
        }
    }

    private static List<Path> pidFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid") && Files.isRegularFile(f)).toList();
        }
    }

    private static void stopIfOurs(Path pidFile, Path dir) throws IOException {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            return; // Removed by a daemon stopped just before (containerd's, by dockerd), or half-written.
        }
        Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
        if (!Files.exists(cmdline)) {
            return;
        }
        String command = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
        if (command.contains(dir.toString())) {
            new Daemon(pidFile.getFileName().toString(), pid, pidFile).stop(Duration.ofSeconds(5));
        }
    }
}
