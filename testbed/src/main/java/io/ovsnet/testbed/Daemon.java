package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process the testbed started, known by its pid (read from its pidfile or taken
 * from the process it launched). Stopping signals only that pid, never a process found by name.
 *
 * @param name what it is, for messages ("ovsdb-server h1")
 * @param pid the process id
 * @param log its log file
 */
public record Daemon(String name, long pid, Path log) {

    /**
     * Reads the pid the daemon wrote to {@code pidFile}.
     *
     * @throws TestbedException if the file does not hold a pid
     */
    static Daemon fromPidFile(String name, Path pidFile, Path log) {
        try {
            return new Daemon(name, Long.parseLong(Files.readString(pidFile).strip()), log);
        } catch (IOException | NumberFormatException e) {
            throw new TestbedException(name + " wrote no pid to " + pidFile + "; " + Poll.tail(log), e);
        }
    }

    /**
     * Whether the process still runs. A zombie (exited, not yet reaped by its parent, which for
     * a detached daemon is init) counts as gone.
     */
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(Daemon::running).orElse(false);
    }

    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // Format: "pid (comm) S ...": the state follows the last ')'.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Sends SIGTERM, waits up to {@code grace}, then SIGKILL and waits up to 5 s more. Processes
     * the daemon had started itself (dockerd's containerd and shims) and that outlive it are
     * killed too, by the handles taken before the signal (so a reused pid is never hit).
     * Idempotent: stopping a process that is gone does nothing.
     *
     * @throws TestbedException if the process is still alive after SIGKILL
     */
    public void stop(Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        List<ProcessHandle> children = handle.get().descendants().toList();
        handle.get().destroy();
        if (!awaitExit(grace)) {
            handle.get().destroyForcibly();
            if (!awaitExit(Duration.ofSeconds(5))) {
                throw new TestbedException(name + " (pid " + pid + ") survived SIGKILL");
            }
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (running(child) && System.nanoTime() < deadline) {
                pause();
            }
            if (running(child)) {
                throw new TestbedException("child pid " + child.pid() + " of " + name + " survived SIGKILL");
            }
        }
    }

    /** Sends SIGKILL and waits for the process to be gone (a crash, for failure tests). Idempotent. */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!awaitExit(Duration.ofSeconds(5))) {
            throw new TestbedException(name + " (pid " + pid + ") survived SIGKILL");
        }
    }

    private boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while waiting for a process to exit", e);
        }
    }
}
