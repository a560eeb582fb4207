package io.ovsnet.ovsdb.operation;

import java.util.Collections;
import java.util.List;

/** The results of a transaction whose operations all succeeded, looked up by {@link Handle}. */
public final class TransactionResult {
    private final Transaction transaction;
    private final List<Object> results;

    TransactionResult(Transaction transaction, List<Object> results) {
        this.transaction = transaction;
        this.results = Collections.unmodifiableList(results);
    }

    /**
     * The result of the operation behind {@code handle}: a {@code Uuid} for insert, a
     * {@code List<Row>} for select, an {@code Integer} count for update, mutate and delete, and
     * {@code null} for wait, commit, comment and assert, which have no result.
     *
     * @throws IllegalArgumentException if {@code handle} came from another transaction
     */
    @SuppressWarnings("unchecked")
    public <R> R get(Handle<R> handle) {
        if (handle.transaction() != transaction) {
            throw new IllegalArgumentException(handle + " belongs to another transaction");
        }
        return (R) results.get(handle.index());
    }
}
