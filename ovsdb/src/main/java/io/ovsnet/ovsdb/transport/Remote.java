package io.ovsnet.ovsdb.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Where an OVSDB server listens, written as in OVS's active connection methods
 * ({@code ovsdb(7)}): {@code unix:PATH}, {@code tcp:IP:PORT}, {@code ssl:IP:PORT}; an IPv6
 * address in brackets ({@code tcp:[::1]:6641}); the port defaults to 6640.
 */
public sealed interface Remote {
    /** The IANA port of OVSDB, used when a remote names none. */
    int DEFAULT_PORT = 6640;

    /** The socket address to connect to. */
    SocketAddress socketAddress();

    /** A unix domain socket, {@code unix:PATH}. */
    record Unix(Path path) implements Remote {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** Plain TCP, {@code tcp:HOST:PORT}. */
    record Tcp(String host, int port) implements Remote {
        public Tcp {
            checkHostPort(host, port);
        }

        @Override
        public SocketAddress socketAddress() {
            return InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public String toString() {
            return "tcp:" + hostPort(host, port);
        }
    }

    /** TLS over TCP, {@code ssl:HOST:PORT}; needs a private key, certificate and CA certificate. */
    record Ssl(String host, int port) implements Remote {
        public Ssl {
            checkHostPort(host, port);
        }

        @Override
        public SocketAddress socketAddress() {
            return InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public String toString() {
            return "ssl:" + hostPort(host, port);
        }
    }

    /**
     * Parses one remote.
     *
     * @throws IllegalArgumentException naming the remote and what is wrong with it
     */
    static Remote parse(String text) {
        String remote = text.strip();
        int colon = remote.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("remote '" + text + "' lacks a method: use unix:PATH, tcp:IP:PORT or ssl:IP:PORT");
        }
        String method = remote.substring(0, colon);
        String rest = remote.substring(colon + 1);
        switch (method) {
            case "unix":
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("remote '" + text + "' lacks a socket path");
                }
                return new Unix(Path.of(rest));
            case "tcp":
                return parseHostPort(text, rest, Tcp::new);
            case "ssl":
                return parseHostPort(text, rest, Ssl::new);
            default:
                throw new IllegalArgumentException("remote '" + text + "' has unknown method '" + method
                        + "': use unix:PATH, tcp:IP:PORT or ssl:IP:PORT");
        }
    }

    /** Parses a comma-separated list of remotes, as OVS takes for the members of a cluster. */
    static List<Remote> parseList(String text) {
        List<Remote> remotes = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                remotes.add(parse(part));
            }
        }
        if (remotes.isEmpty()) {
            throw new IllegalArgumentException("no remote in '" + text + "'");
        }
        return List.copyOf(remotes);
    }

    private static Remote parseHostPort(String text, String rest, BiFunction<String, Integer, Remote> factory) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("remote '" + text + "' has an unclosed '[' in its address");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException("remote '" + text + "' has text after the address: " + after);
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("remote '" + text + "': write an IPv6 address in brackets, as tcp:[::1]:6641");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? "" : rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("remote '" + text + "' lacks an address");
        }
        int number;
        try {
            number = port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("remote '" + text + "' has an invalid port '" + port + "'", e);
        }
        return factory.apply(host, number);
    }

    private static void checkHostPort(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
