package io.ovsnet.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers the testbed starts, picked below the kernel's ephemeral
 * range: a port there is never the source port of an outgoing connection, so between the pick and
 * the server's bind only another listener could take it (not a client of the store reconnecting
 * over and over, nor a TCP self-connect to a member that is down).
 */
final class FreePort {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 200;

    private FreePort() {
    }

    /**
     * A port that was free a moment ago on 127.0.0.1. Another process could take it before the
     * caller binds it; callers fail clearly (readiness timeout with the log) in that rare case.
     */
    static int pick() {
        int below = ephemeralLow();
        if (below - LOWEST < 1_000) {
            return kernelPick(); // no room below the ephemeral range: take what the kernel gives
        }
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (bindable(port)) {
                return port;
            }
        }
        throw new TestbedException("cannot find a free port on 127.0.0.1 between " + LOWEST + " and " + below
                + " in " + TRIES + " tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int kernelPick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TestbedException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * The first port of the kernel's ephemeral range (32768 when it cannot be read). Read as a
     * line: JDK 17's {@code Files.readString} returns one byte of this procfs file, which reports
     * a size of 0.
     */
    static int ephemeralLow() {
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
