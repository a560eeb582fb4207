package io.ovsnet.ovsdb.operation;

/**
 * Names one operation added to a {@link Transaction}; {@link TransactionResult#get} returns that
 * operation's result. A handle belongs to the transaction that issued it.
 *
 * @param <R> the operation's result type
 */
public final class Handle<R> {
    private final Transaction transaction;
    private final Operation<R> operation;
    private final int index;

    Handle(Transaction transaction, Operation<R> operation, int index) {
        this.transaction = transaction;
        this.operation = operation;
        this.index = index;
    }

    Transaction transaction() {
        return transaction;
    }

    int index() {
        return index;
    }

    public Operation<R> operation() {
        return operation;
    }

    @Override
    public String toString() {
        return "Handle[" + index + ": " + operation.toJson().path("op").asText() + "]";
    }
}
