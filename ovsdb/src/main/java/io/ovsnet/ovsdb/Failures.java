package io.ovsnet.ovsdb;

import java.util.concurrent.CompletionException;

/** Helpers for the failures that futures hand on. */
public final class Failures {
    private Failures() {
    }

    /**
     * The failure inside any {@link CompletionException} wrappers that chained futures put
     * around it; {@code failure} itself when it is not wrapped.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
