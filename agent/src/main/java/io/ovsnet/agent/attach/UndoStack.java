package io.ovsnet.agent.attach;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * How the attach pipelines (event mode's {@link Attacher} and the Docker plugin's endpoint wiring)
 * undo the steps done before a step that failed: last done, first undone. One per attempt, used by
 * one thread.
 */
public final class UndoStack {
    private final Deque<Runnable> steps = new ArrayDeque<>();

    /** Records how to undo the step just done. */
    public void push(Runnable undo) {
        steps.push(undo);
    }

    /**
     * Runs the recorded undo steps, last first, and forgets them. An undo step that fails is added
     * to {@code failure} as suppressed and handed to {@code undoFailed}; the others still run.
     * Idempotent: a second call finds nothing to undo.
     */
    public void unwind(RuntimeException failure, Consumer<RuntimeException> undoFailed) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException undoFailure) {
                undoFailed.accept(undoFailure);
                failure.addSuppressed(undoFailure);
            }
        }
    }
}
