package io.ovsnet.ipam;

/**
 * A request the address pool refuses, with a message a person can act on (it becomes the one
 * error line of the {@code ovsnet} command). The {@link Reason} lets callers such as the Docker
 * IPAM endpoint map it without parsing text. Retrying the same request does not help.
 */
public class IpamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** Every address of the pool is leased, excluded or reserved. */
        NO_FREE_ADDRESS,
        /** A specific address is leased by someone else. */
        ADDRESS_TAKEN,
        /** The owner already holds another address of the network and family. */
        OWNER_HOLDS_ANOTHER,
        UNKNOWN_NETWORK,
        NETWORK_EXISTS,
        /** A subnet overlaps another network's, or a given VNI is in use. */
        CONFLICT,
        /** A network still has endpoint leases. */
        NETWORK_IN_USE,
        /** The store did not answer in time, even after reconnecting. */
        STORE_UNAVAILABLE
    }

    private final Reason reason;

    public IpamException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IpamException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
