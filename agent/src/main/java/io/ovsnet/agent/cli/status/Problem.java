package io.ovsnet.agent.cli.status;

/**
 * Something on this host that disagrees with something else.
 *
 * @param kind what is wrong
 * @param subject what it is about: a port, container, lease address, network or tunnel name
 * @param detail one sentence for the operator
 */
public record Problem(Kind kind, String subject, String detail) {

    /** The inconsistencies {@code ovsnet status} looks for; {@link #wireName()} is what JSON carries. */
    public enum Kind {
        /** A container port whose container Docker no longer has. */
        PORT_WITHOUT_CONTAINER,
        /** A container port whose container exists but does not run. */
        PORT_OF_STOPPED_CONTAINER,
        /** A running container labelled {@code ovsnet.network} without a port on the bridge. */
        CONTAINER_WITHOUT_PORT,
        /** An endpoint lease of this host whose owner has no port on the bridge. */
        LEASE_WITHOUT_ENDPOINT,
        /** A network on the bridge that the store does not have. */
        NETWORK_NOT_IN_STORE,
        /** A tunnel whose key is not its network's VNI. */
        TUNNEL_VNI_MISMATCH,
        /** A tunnel that OVS reports an error for, or whose link is down. */
        TUNNEL_DOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
