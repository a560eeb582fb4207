package io.ovsnet.ovsdb.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: {@code min} doubled for every round in which all remotes failed, capped at
 * {@code max}, and jittered down by up to a half so that many clients that lost the same server
 * do not come back in step.
 */
record Backoff(Duration min, Duration max) {

    /** The delay before round {@code round} (1 for the first retry after every remote failed). */
    Duration delay(int round) {
        long ceiling = ceiling(round);
        return Duration.ofMillis(ceiling - ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** The delay before jitter: {@code min * 2^(round-1)}, at most {@code max}. */
    long ceiling(int round) {
        int doublings = Math.max(0, Math.min(round - 1, 30));
        long millis = min.toMillis();
        long cap = max.toMillis();
        return millis > (cap >> doublings) ? cap : Math.min(cap, millis << doublings);
    }
}
