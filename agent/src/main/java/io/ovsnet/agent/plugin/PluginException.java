package io.ovsnet.agent.plugin;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A plugin request that could not be served: its HTTP status and a message a person can act on,
 * which becomes the {@code Err} (network driver) or {@code Error} (IPAM driver) of the answer.
 */
public final class PluginException extends RuntimeException {
    private final HttpResponseStatus status;

    PluginException(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The request itself is wrong (malformed JSON, a missing or invalid field): 400. */
    static PluginException badRequest(String message) {
        return new PluginException(HttpResponseStatus.BAD_REQUEST, message);
    }

    /** The request is well formed but cannot be done (unknown id, no free address, ...): 500. */
    static PluginException failed(String message) {
        return new PluginException(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
    }

    /** The agent cannot answer yet (startup reconcile under way); trying again later helps: 503. */
    static PluginException notReady(String message) {
        return new PluginException(HttpResponseStatus.SERVICE_UNAVAILABLE, message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** Whether the same request may succeed later. */
    public boolean isRetryable() {
        return status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
}
