package io.ovsnet.ovsdb;

import java.util.Optional;

/**
 * A failed OVSDB call. Carries the server's error string (RFC 7047 section 3.1, such as
 * {@code "constraint violation"}) and its details when the server sent one, and says whether
 * the same call may succeed if tried again.
 *
 * <p>Every future returned by this library that fails, fails with this type (or a subclass) as
 * its cause; no future is ever completed with {@code null} to mean failure.
 */
public class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String details;
    private final boolean retryable;

    public OvsdbException(String error, String details, boolean retryable) {
        super(details == null || details.isEmpty() ? error : error + ": " + details);
        this.error = error;
        this.details = details;
        this.retryable = retryable;
    }

    public OvsdbException(String error, String details, boolean retryable, Throwable cause) {
        this(error, details, retryable);
        initCause(cause);
    }

    /** The error string, as the server sent it or as named by this library for local failures. */
    public String error() {
        return error;
    }

    /** The server's {@code details}, if any. */
    public Optional<String> details() {
        return Optional.ofNullable(details);
    }

    /** Whether trying the same call again (possibly on another connection) can succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
