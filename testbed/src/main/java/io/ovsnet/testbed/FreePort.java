package io.ovsnet.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, picked by the kernel. */
final class FreePort {
    private FreePort() {
    }

    /**
     * A port that was free a moment ago on 127.0.0.1. Another process could take it before the
     * caller binds it; callers fail clearly (readiness timeout with the log) in that rare case.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TestbedException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
