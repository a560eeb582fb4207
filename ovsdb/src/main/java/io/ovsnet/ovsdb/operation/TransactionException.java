package io.ovsnet.ovsdb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.ovsdb.OvsdbException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A transaction the server refused: an operation failed, or the commit failed after every
 * operation succeeded (the trailing error element of RFC 7047 section 4.1.3). Carries the server's
 * {@code error} and {@code details} and which operation failed.
 *
 * <p>Whether a retry can help is decided from the error string:
 * <ul>
 * <li>{@code "timed out"}: retryable. A wait operation's rows did not reach the expected state in
 *     time; used with timeout 0 as a compare-and-set guard, it means the data changed under us,
 *     and re-reading then retrying is the cure (as ovsdb-idl's "try again").</li>
 * <li>{@code "not leader"}: retryable. A cluster member that is not the leader refused the
 *     transaction before applying it; the same transaction succeeds on the leader.</li>
 * <li>{@code "cluster error"}: retryable. Raft lost the transaction's outcome (for example the
 *     leader changed during the commit). The transaction may or may not have been applied, so
 *     retry only transactions that are idempotent or guarded (a unique index, a wait).</li>
 * <li>{@code "resources exhausted"} and {@code "I/O error"}: retryable; the server says these
 *     depend on resources that are "currently" unavailable.</li>
 * <li>{@code "not owner"}: not retryable. The client does not hold the lock named in an assert;
 *     the same request fails again until the lock is acquired, which is the caller's job.</li>
 * <li>{@code "constraint violation"}, {@code "referential integrity violation"},
 *     {@code "duplicate uuid"}, {@code "duplicate uuid-name"}: not retryable; the same data
 *     violates the same rule again (an allocator must choose another value instead).</li>
 * <li>{@code "aborted"} (an abort operation), {@code "syntax error"}, {@code "unknown database"},
 *     {@code "permission error"}, {@code "domain error"}, {@code "range error"} and any other
 *     error: not retryable.</li>
 * </ul>
 */
public class TransactionException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    private final int operationIndex;
    private final transient Operation<?> operation;

    public TransactionException(String error, String details, int operationIndex, Operation<?> operation) {
        super(error, details, isRetryable(error));
        this.operationIndex = operationIndex;
        this.operation = operation;
    }

    static TransactionException of(JsonNode element, int operationIndex, Operation<?> operation) {
        String error = element.path("error").asText("");
        JsonNode details = element.get("details");
        return new TransactionException(error, details == null || details.isNull() ? null : details.asText(),
                operationIndex, operation);
    }

    /** The server's error and details, then where the transaction failed. */
    @Override
    public String getMessage() {
        String where = operationIndex < 0 ? "at commit" : "in operation " + operationIndex
                + (operation == null ? "" : " (" + operation.toJson().path("op").asText() + ")");
        return super.getMessage() + " [" + where + "]";
    }

    /** Whether an OVSDB error string means a retry can succeed; see the class comment. */
    public static boolean isRetryable(String error) {
        return switch (error) {
            case "timed out", "not leader", "cluster error", "resources exhausted", "I/O error" -> true;
            default -> false;
        };
    }

    /** The index of the failed operation; empty when the commit failed (the trailing error element). */
    public OptionalInt operationIndex() {
        return operationIndex < 0 ? OptionalInt.empty() : OptionalInt.of(operationIndex);
    }

    /** The failed operation; empty when the commit failed. */
    public Optional<Operation<?>> operation() {
        return Optional.ofNullable(operation);
    }

    /** Whether every operation succeeded and the commit itself failed. */
    public boolean isCommitFailure() {
        return operationIndex < 0;
    }
}
