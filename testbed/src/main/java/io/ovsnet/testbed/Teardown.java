package io.ovsnet.testbed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo actions recorded as resources are made, run in reverse order. Every action runs even if
 * an earlier one fails; the failures are reported together at the end.
 */
final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    /** One undo step. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private record Step(String what, Action action) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    /** Records an undo step; it runs before every step recorded earlier. */
    synchronized void add(String what, Action action) {
        steps.push(new Step(what, action));
    }

    /**
     * Runs and forgets every recorded step, newest first. Idempotent: a second call finds nothing.
     *
     * @throws TestbedException listing every step that failed
     */
    void run() {
        List<String> failures = new ArrayList<>();
        while (true) {
            Step step;
            synchronized (this) {
                step = steps.poll();
            }
            if (step == null) {
                break;
            }
            long started = System.nanoTime();
            try {
                step.action().run();
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (millis > 1000) {
                    LOG.info("slow teardown step step={} millis={}", step.what(), millis);
                }
            } catch (Exception e) {
                LOG.warn("teardown step failed step={} error={}", step.what(), e.getMessage());
                failures.add(step.what() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new TestbedException("teardown incomplete:\n  " + String.join("\n  ", failures));
        }
    }
}
