package io.ovsnet.ipam.model;

import java.util.Locale;

/** Why an address is leased, as stored in {@code Lease.kind}. */
public enum LeaseKind {
    /** A container endpoint's address; blocks deleting the network. */
    ENDPOINT,
    /** The network's gateway; created and removed with the network. */
    GATEWAY,
    /** Set aside by an operator; removed with the network. */
    RESERVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LeaseKind fromWireName(String text) {
        for (LeaseKind k : values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown lease kind '" + text + "': expected endpoint, gateway or reserved");
    }
}
