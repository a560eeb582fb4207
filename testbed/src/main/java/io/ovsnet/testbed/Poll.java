package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Bounded waiting: every readiness check in the testbed goes through here. */
final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param what what is awaited, for the error message
     * @param timeout the longest wait
     * @param log the log file whose tail explains a failure (may not exist)
     * @throws TestbedException after {@code timeout}, with the last lines of {@code log}
     */
    static void until(String what, Duration timeout, Path log, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TestbedException(what + " not ready after " + timeout.toSeconds() + " s; "
                        + tail(log));
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestbedException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The last 20 lines of {@code log}, for error messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "no log at " + log;
        }
    }
}
