package io.ovsnet.agent.attach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks so that tasks of one key run one at a time, in submission order, while tasks of
 * different keys may run in parallel: a fixed set of single-thread lanes, the key's hash picking
 * the lane (a striped executor). This gives every container one writer.
 */
public final class KeyedExecutor implements AutoCloseable {
    private final List<ExecutorService> lanes = new ArrayList<>();

    /** @param lanes how many tasks may run at once (at least 1) */
    public KeyedExecutor(int lanes, String threadName) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1: " + lanes);
        }
        for (int i = 0; i < lanes; i++) {
            String name = threadName + "-" + i;
            this.lanes.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }));
        }
    }

    /** Runs {@code task} on the lane of {@code key}; the future carries its result or failure. */
    public <T> CompletableFuture<T> submit(String key, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lane(key).execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private ExecutorService lane(String key) {
        return lanes.get(Math.floorMod(key.hashCode(), lanes.size()));
    }

    /** Lets queued tasks finish (up to 10 s), then stops. Idempotent. */
    @Override
    public void close() {
        lanes.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService lane : lanes) {
                if (!lane.awaitTermination(10, TimeUnit.SECONDS)) {
                    lane.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            lanes.forEach(ExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
