package io.ovsnet.ipam.model;

import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A row of the OVSNet {@code Host} table: an agent's host, its tunnel endpoint address, the
 * networks it has endpoints in (weak references: a deleted network disappears from here), its
 * agent version and when it was last seen.
 */
public record Host(Uuid uuid, String name, Optional<String> tunnelIp, Set<Uuid> networks, Optional<String> version,
                   Instant lastSeen) {
    public static final String TABLE = "Host";
    public static final String NAME = "name";
    public static final String TUNNEL_IP = "tunnel_ip";
    public static final String NETWORKS = "networks";
    public static final String VERSION = "version";
    public static final String LAST_SEEN = "last_seen";

    public Host {
        networks = Set.copyOf(networks);
    }

    public static Host fromRow(Row row) {
        return new Host(row.uuid(), row.getString(NAME), Network.optionalString(row, TUNNEL_IP),
                row.getSet(NETWORKS).as(Uuid.class), Network.optionalString(row, VERSION),
                Instant.ofEpochMilli(row.getLong(LAST_SEEN)));
    }
}
