package io.ovsnet.ipam.model;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Instant;
import java.util.Optional;

/**
 * A row of the OVSNet {@code Lease} table: one address of one network held by one owner (a
 * container or endpoint id, {@code gateway}, or an operator's name). The unique index
 * {@code (network, address)} makes a second claim of an address fail; the unique index
 * {@code (network, family, owner)} makes an owner hold at most one address per network and family,
 * which is what makes a retried allocation with a lost reply safe.
 */
public record Lease(Uuid uuid, Uuid network, IpAddress address, MacAddress mac, Optional<String> host,
                    String owner, LeaseKind kind, Instant created) {
    public static final String TABLE = "Lease";
    public static final String NETWORK = "network";
    public static final String FAMILY = "family";
    public static final String ADDRESS = "address";
    public static final String MAC = "mac";
    public static final String HOST = "host";
    public static final String OWNER = "owner";
    public static final String KIND = "kind";
    public static final String CREATED = "created";
    /** The owner of every gateway lease. */
    public static final String GATEWAY_OWNER = "gateway";

    public static Lease fromRow(Row row) {
        return new Lease(row.uuid(), row.getUuid(NETWORK), IpAddress.parse(row.getString(ADDRESS)),
                MacAddress.parse(row.getString(MAC)), Network.optionalString(row, HOST), row.getString(OWNER),
                LeaseKind.fromWireName(row.getString(KIND)), Instant.ofEpochMilli(row.getLong(CREATED)));
    }

    public IpFamily family() {
        return address.family();
    }

    /** The columns of this lease for an insert; the network column is set by the caller. */
    public static Row.Builder columns(IpAddress address, Optional<String> host, String owner, LeaseKind kind,
                                      Instant created) {
        return Row.builder()
                .set(FAMILY, address.family().wireName())
                .set(ADDRESS, address.toString())
                .set(MAC, MacAddress.derivedFrom(address).toString())
                .set(HOST, host)
                .set(OWNER, owner)
                .set(KIND, kind.wireName())
                .set(CREATED, created.toEpochMilli());
    }
}
