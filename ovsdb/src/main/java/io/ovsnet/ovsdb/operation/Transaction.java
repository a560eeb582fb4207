package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The operations of one "transact" request (RFC 7047 section 4.1.3), collected in order. Each
 * {@link #add} returns a {@link Handle} by which the operation's result is found in the
 * {@link TransactionResult}; results are never looked up by position.
 *
 * <p>Not thread-safe while being built. Once sent, build a new transaction to retry: a transaction
 * is as idempotent as the operations it holds.
 */
public final class Transaction {
    private final String database;
    private final List<Operation<?>> operations = new ArrayList<>();

    private Transaction(String database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public static Transaction on(String database) {
        return new Transaction(database);
    }

    public String database() {
        return database;
    }

    /** Appends {@code op}; its result will be {@code result.get(handle)}. */
    public <R> Handle<R> add(Operation<R> op) {
        Objects.requireNonNull(op, "op");
        operations.add(op);
        return new Handle<>(this, op, operations.size() - 1);
    }

    public List<Operation<?>> operations() {
        return List.copyOf(operations);
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /** The "transact" params: {@code ["db", {op}, {op}, ...]}. */
    public ArrayNode params() {
        ArrayNode params = JsonNodeFactory.instance.arrayNode(operations.size() + 1);
        params.add(database);
        operations.forEach(op -> params.add(op.toJson()));
        return params;
    }

    /**
     * Reads the "result" array of the reply to {@link #params()}. Pure, so idempotent.
     *
     * @throws TransactionException if an operation failed, or if the array has one element more
     *                              than there are operations: the error of a commit that failed
     *                              after every operation succeeded (such as "constraint violation"
     *                              or "referential integrity violation")
     * @throws MalformedJsonException if the array does not match the operations
     */
    public TransactionResult result(JsonNode result) {
        if (result == null || !result.isArray()) {
            throw new MalformedJsonException("transact result must be an array, got " + result);
        }
        int n = operations.size();
        for (int i = 0; i < result.size() && i <= n; i++) {
            JsonNode element = result.get(i);
            if (element != null && element.isObject() && element.has("error")) {
                throw TransactionException.of(element, i < n ? i : -1, i < n ? operations.get(i) : null);
            }
        }
        if (result.size() < n) {
            throw new MalformedJsonException("transact result has " + result.size() + " elements for " + n + " operations");
        }
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode element = result.get(i);
            if (element == null || !element.isObject()) {
                throw new MalformedJsonException("operation " + i + " has no result object although none failed: " + element);
            }
            values.add(operations.get(i).result(element));
        }
        return new TransactionResult(this, values);
    }

    @Override
    public String toString() {
        return params().toString();
    }
}
