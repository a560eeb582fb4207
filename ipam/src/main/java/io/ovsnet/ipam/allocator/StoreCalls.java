package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.IpamException;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Blocking transactions on the store with a deadline: {@link #transact} sends once and turns the
 * future's failure into its {@link OvsdbException}; {@link #pause} sleeps a jittered, growing
 * backoff before a retry, and fails with {@link IpamException.Reason#STORE_UNAVAILABLE} once the
 * deadline of the request has passed. Callers decide what is safe to retry.
 */
final class StoreCalls {
    private static final long MIN_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 500;

    private final OvsdbClient client;
    private final Duration patience;

    StoreCalls(OvsdbClient client, Duration patience) {
        this.client = client;
        this.patience = patience;
    }

    /** A deadline for one request: now plus the patience given at construction. */
    long deadline() {
        return System.nanoTime() + patience.toNanos();
    }

    /** Sends {@code tx} once and waits for its result. */
    TransactionResult transact(Transaction tx) {
        try {
            return client.transact(tx).get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof OvsdbException oe) {
                throw oe;
            }
            throw new IllegalStateException("transaction failed without an OvsdbException", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamException(IpamException.Reason.STORE_UNAVAILABLE, "interrupted while waiting for the store", e);
        }
    }

    /** Runs one select in a transaction of its own and returns its rows. Idempotent. */
    List<Row> select(Select select) {
        Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
        Handle<List<Row>> rows = tx.add(select);
        return transact(tx).get(rows);
    }

    /** Runs an idempotent call, retrying retryable failures (with backoff) until a deadline. */
    <T> T retrying(Supplier<T> call) {
        long deadline = deadline();
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                pause(attempt, deadline, e);
            }
        }
    }

    /**
     * Sleeps before retry number {@code attempt} (from 0) after {@code failure}; throws
     * STORE_UNAVAILABLE naming the failure if {@code deadline} has passed.
     */
    void pause(int attempt, long deadline, OvsdbException failure) {
        if (System.nanoTime() >= deadline) {
            throw new IpamException(IpamException.Reason.STORE_UNAVAILABLE,
                    "the address store did not answer within " + patience.toSeconds() + " s: " + failure.getMessage(),
                    failure);
        }
        long cap = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamException(IpamException.Reason.STORE_UNAVAILABLE, "interrupted while waiting for the store", e);
        }
    }
}
