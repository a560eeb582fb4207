package io.ovsnet.agent.attach;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * How the attach pipelines (event mode's {@link Attacher} and the Docker plugin's endpoint wiring)
 * block on a step that completes asynchronously, such as an OVSDB transaction or a store call.
 */
public final class PipelineWait {
    private static final long TIMEOUT_SECONDS = 30;

    private PipelineWait() {
    }

    /**
     * The result of {@code future}, waiting at most 30 s (then the future fails with a
     * {@link java.util.concurrent.TimeoutException}). A failure is rethrown as the step's own
     * {@link RuntimeException} when it is one, else as the {@link CompletionException}. Idempotent.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
