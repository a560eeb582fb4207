package io.ovsnet.ovsdb.jsonrpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one JSON-RPC connection.
 *
 * @param callTimeout how long a call waits for its reply before it fails with
 *     {@link CallTimeoutException}
 * @param probeInterval after this long without input an {@code echo} is sent, and if that gets no
 *     reply within another interval the connection is closed as dead; {@link Duration#ZERO} turns
 *     the keepalive off
 * @param maxMessageBytes the longest JSON message accepted; a longer one closes the connection
 */
public record JsonRpcOptions(Duration callTimeout, Duration probeInterval, int maxMessageBytes) {

    /** 64 MiB: large enough for the initial state of a big monitored database. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

    public JsonRpcOptions {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        if (probeInterval.isNegative()) {
            throw new IllegalArgumentException("probeInterval must not be negative: " + probeInterval);
        }
        if (maxMessageBytes < 2) {
            throw new IllegalArgumentException("maxMessageBytes too small: " + maxMessageBytes);
        }
    }

    /** 30 s call timeout, 5 s keepalive probe (as OVS uses for TCP), 64 MiB messages. */
    public static JsonRpcOptions defaults() {
        return new JsonRpcOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), DEFAULT_MAX_MESSAGE_BYTES);
    }
}
