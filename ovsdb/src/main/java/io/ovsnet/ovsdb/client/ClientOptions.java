package io.ovsnet.ovsdb.client;

import io.ovsnet.ovsdb.jsonrpc.JsonRpcOptions;
import io.ovsnet.ovsdb.transport.Remote;
import io.ovsnet.ovsdb.transport.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link OvsdbClient} connects. Build with {@link #builder(String)}.
 *
 * @param remotes the servers, in OVS syntax; several (comma-separated) for the members of a cluster
 * @param callTimeout how long a call waits for its reply
 * @param connectTimeout how long {@link OvsdbClient#connect} keeps trying before it fails, and the
 *     limit of each connection attempt
 * @param probeInterval the echo keepalive interval; zero turns it off
 * @param leaderOnly whether only the leader of a clustered database is used (as OVS's clients
 *     do by default)
 * @param minBackoff the first reconnect delay after every remote failed
 * @param maxBackoff the longest reconnect delay
 * @param tls the PEM files for {@code ssl:} remotes
 * @param maxMessageBytes the longest JSON message accepted from a server
 * @param failFast whether {@link OvsdbClient#connect} fails as soon as each remote has failed
 *     once (for a command-line tool), instead of retrying with backoff until the connect timeout
 */
public record ClientOptions(List<Remote> remotes, Duration callTimeout, Duration connectTimeout,
                            Duration probeInterval, boolean leaderOnly, Duration minBackoff,
                            Duration maxBackoff, Optional<TlsSettings> tls, int maxMessageBytes,
                            boolean failFast) {

    public ClientOptions {
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(tls, "tls");
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff: " + minBackoff + ", " + maxBackoff);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /**
     * Options for the given remotes with defaults: 30 s call timeout, 10 s connect timeout, 5 s
     * keepalive probe, leader only, reconnect backoff 100 ms doubling to 8 s.
     *
     * @throws IllegalArgumentException if the remotes are malformed
     */
    public static Builder builder(String remotes) {
        return new Builder(Remote.parseList(remotes));
    }

    JsonRpcOptions jsonRpcOptions() {
        return new JsonRpcOptions(callTimeout, probeInterval, maxMessageBytes);
    }

    /** Builder of {@link ClientOptions}. */
    public static final class Builder {
        private final List<Remote> remotes;
        private Duration callTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration probeInterval = Duration.ofSeconds(5);
        private boolean leaderOnly = true;
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private Optional<TlsSettings> tls = Optional.empty();
        private int maxMessageBytes = JsonRpcOptions.DEFAULT_MAX_MESSAGE_BYTES;
        private boolean failFast;

        private Builder(List<Remote> remotes) {
            this.remotes = remotes;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder probeInterval(Duration interval) {
            this.probeInterval = interval;
            return this;
        }

        /** Accept any member of a cluster that is connected to it, not only the leader. */
        public Builder anyMember() {
            this.leaderOnly = false;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** The PEM private key, certificate and CA certificate for {@code ssl:} remotes. */
        public Builder tls(Path privateKey, Path certificate, Path caCertificate) {
            this.tls = Optional.of(new TlsSettings(privateKey, certificate, caCertificate));
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Make {@link OvsdbClient#connect} try each remote once and fail at once if none was
         * usable, rather than retry with backoff until the connect timeout (which still bounds
         * each attempt). Reconnects after a successful connect are unaffected.
         */
        public Builder failFast() {
            this.failFast = true;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(remotes, callTimeout, connectTimeout, probeInterval, leaderOnly,
                    minBackoff, maxBackoff, tls, maxMessageBytes, failFast);
        }
    }
}
