package io.ovsnet.ipam.model;

import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A row of the OVSNet {@code Host} table: an agent's host, its tunnel endpoint address, the
 * networks it has endpoints in (weak references: a deleted network disappears from here), its
 * agent version, when it was last seen, and the MTU of its underlay (from which every host
 * computes the MTU of a network's containers). A row written by an agent older than schema 1.1.0,
 * or read from a store not yet upgraded, has no underlay MTU.
 */
public record Host(Uuid uuid, String name, Optional<String> tunnelIp, Set<Uuid> networks, Optional<String> version,
                   Instant lastSeen, OptionalInt underlayMtu) {
    public static final String TABLE = "Host";
    public static final String NAME = "name";
    public static final String TUNNEL_IP = "tunnel_ip";
    public static final String NETWORKS = "networks";
    public static final String VERSION = "version";
    public static final String LAST_SEEN = "last_seen";
    /** Since schema 1.1.0. */
    public static final String UNDERLAY_MTU = "underlay_mtu";

    public Host {
        networks = Set.copyOf(networks);
    }

    /** A host whose underlay MTU is not known. */
    public Host(Uuid uuid, String name, Optional<String> tunnelIp, Set<Uuid> networks, Optional<String> version,
                Instant lastSeen) {
        this(uuid, name, tunnelIp, networks, version, lastSeen, OptionalInt.empty());
    }

    /** Reads a row; one without {@code underlay_mtu} (an older schema) has none. */
    public static Host fromRow(Row row) {
        return new Host(row.uuid(), row.getString(NAME), Network.optionalString(row, TUNNEL_IP),
                row.getSet(NETWORKS).as(Uuid.class), Network.optionalString(row, VERSION),
                Instant.ofEpochMilli(row.getLong(LAST_SEEN)), optionalInt(row, UNDERLAY_MTU));
    }

    private static OptionalInt optionalInt(Row row, String column) {
        return row.find(column).flatMap(v -> row.getSet(column).as(Number.class).stream().findFirst())
                .map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
    }
}
