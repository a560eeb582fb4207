package io.ovsnet.ipam.model;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.pool.Pool;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A row of the OVSNet {@code Network} table: one overlay network with its VNI, its IPv4 and/or IPv6
 * subnet and gateway, addresses excluded from allocation, encapsulation and MTU (0: computed).
 */
public record Network(Uuid uuid, String name, long vni, Optional<Cidr> subnet4, Optional<Cidr> subnet6,
                      Optional<IpAddress> gateway4, Optional<IpAddress> gateway6, List<AddressRange> exclude,
                      Encap encap, long mtu, Map<String, String> options) {
    public static final String TABLE = "Network";
    public static final String NAME = "name";
    public static final String VNI = "vni";
    public static final String SUBNET4 = "subnet4";
    public static final String SUBNET6 = "subnet6";
    public static final String GATEWAY4 = "gateway4";
    public static final String GATEWAY6 = "gateway6";
    public static final String EXCLUDE = "exclude";
    public static final String ENCAP = "encap";
    public static final String MTU = "mtu";
    public static final String OPTIONS = "options";
    /** The highest VNI VXLAN can carry (24 bits). */
    public static final long MAX_VNI = 16_777_215L;

    public Network {
        exclude = List.copyOf(exclude);
        options = Map.copyOf(options);
    }

    public static Network fromRow(Row row) {
        return new Network(row.uuid(), row.getString(NAME), row.getLong(VNI),
                optionalString(row, SUBNET4).map(Cidr::parse), optionalString(row, SUBNET6).map(Cidr::parse),
                optionalString(row, GATEWAY4).map(IpAddress::parse), optionalString(row, GATEWAY6).map(IpAddress::parse),
                row.getSet(EXCLUDE).as(String.class).stream().map(AddressRange::parse).sorted(
                        (a, b) -> a.first().compareTo(b.first())).toList(),
                Encap.parse(row.getString(ENCAP)), row.getLong(MTU), row.getStringMap(OPTIONS));
    }

    public Optional<Cidr> subnet(IpFamily family) {
        return family == IpFamily.IPV4 ? subnet4 : subnet6;
    }

    public Optional<IpAddress> gateway(IpFamily family) {
        return family == IpFamily.IPV4 ? gateway4 : gateway6;
    }

    /** The subnets this network has, IPv4 first. */
    public List<Cidr> subnets() {
        return Stream.of(subnet4, subnet6).flatMap(Optional::stream).toList();
    }

    /** The pool of one family; empty when the network has no subnet of that family. */
    public Optional<Pool> pool(IpFamily family) {
        return subnet(family).map(s -> new Pool(s, exclude));
    }

    static Optional<String> optionalString(Row row, String column) {
        return row.find(column).map(v -> row.getSet(column)).flatMap(s -> s.as(String.class).stream().findFirst());
    }
}
