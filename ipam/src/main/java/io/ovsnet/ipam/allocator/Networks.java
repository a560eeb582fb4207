package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.IpamException.Reason;
import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Delete;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.ovsdb.operation.Update;
import io.ovsnet.ovsdb.operation.Wait;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks of the store: create with a VNI and subnets that no other network has, look up,
 * list, delete when unused. Every method blocks the calling thread.
 *
 * <p><b>Why two concurrent creates of overlapping subnets cannot both win.</b> The unique indexes
 * on {@code name} and {@code vni} settle equal names and VNIs. Overlap cannot be an index, so
 * {@link #create} reads every network's {@code name, vni, subnet4, subnet6}, decides, and sends
 * the insert in one transaction behind a {@code wait} (timeout 0) requiring those columns of the
 * whole table to be still exactly what it read. If any network was created, deleted or changed in
 * between, the wait fails with "timed out", nothing is written, and the decision is made again on
 * fresh data (optimistic concurrency). The network table is small, so the guard is cheap.
 */
public final class Networks {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);
    private static final String[] DECISION_COLUMNS = {Network.NAME, Network.VNI, Network.SUBNET4, Network.SUBNET6};

    private final StoreCalls calls;
    private final LeaseIndex index;

    Networks(StoreCalls calls, LeaseIndex index) {
        this.calls = calls;
        this.index = index;
    }

    /**
     * Creates the network and its gateway lease(s) in one transaction. Not idempotent: a second
     * call fails with NETWORK_EXISTS, except when a retry after a lost reply finds exactly the
     * network it asked for, which it then returns.
     *
     * @throws IpamException NETWORK_EXISTS, or CONFLICT for an overlapping subnet or a used VNI
     */
    public Network create(NetworkSpec spec) {
        long deadline = calls.deadline();
        boolean uncertain = false;
        for (int attempt = 0; ; attempt++) {
            try {
                List<Row> current = calls.select(Select.from(Network.TABLE).columns(DECISION_COLUMNS));
                Optional<Row> same = current.stream().filter(r -> r.getString(Network.NAME).equals(spec.name())).findFirst();
                if (same.isPresent()) {
                    if (uncertain && sameSubnets(spec, same.get())) {
                        return get(spec.name());
                    }
                    throw new IpamException(Reason.NETWORK_EXISTS, "network " + spec.name() + " already exists");
                }
                checkOverlap(spec, current);
                return insert(spec, current);
            } catch (TransactionException e) {
                if (!e.error().equals("constraint violation") && !e.isRetryable()) {
                    throw e;
                }
                // "timed out" (the guard saw a change) and index conflicts: decide again on fresh data.
                LOG.debug("network create raced, deciding again network={} error={}", spec.name(), e.error());
                uncertain |= !e.error().equals("timed out") && !e.error().equals("constraint violation");
                calls.pause(attempt, deadline, e);
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                uncertain = true;
                calls.pause(attempt, deadline, e);
            }
        }
    }

    /**
     * Gives the network an IPv6 subnet and its gateway lease, in one transaction under the same
     * guard and overlap checks as {@link #create} (a Docker network made dual-stack after its IPv4
     * pool made the store's network). Idempotent: a network that has exactly this subnet6 is
     * returned as it is.
     *
     * @throws IpamException UNKNOWN_NETWORK, CONFLICT when the network has another IPv6 subnet or the
     *     subnet overlaps another network, or NETWORK_IN_USE when the network has endpoint leases
     * @throws IllegalArgumentException when {@code subnet6} is not IPv6 or the network with it would
     *     be invalid (such as an MTU below 1280)
     */
    public Network addSubnet6(String name, Cidr subnet6) {
        if (subnet6.family() != IpFamily.IPV6) {
            throw new IllegalArgumentException(subnet6 + " is not an IPv6 subnet");
        }
        long deadline = calls.deadline();
        for (int attempt = 0; ; attempt++) {
            try {
                List<Row> current = calls.select(Select.from(Network.TABLE).columns(DECISION_COLUMNS));
                Row row = current.stream().filter(r -> r.getString(Network.NAME).equals(name)).findFirst()
                        .orElseThrow(() -> unknown(name));
                Network network = get(name);
                Optional<Cidr> has = row.getSet(Network.SUBNET6).as(String.class).stream().findFirst().map(Cidr::parse);
                if (has.filter(subnet6::equals).isPresent()) {
                    return network.subnet6().isPresent() ? network : fresh(name);
                }
                if (has.isPresent()) {
                    throw new IpamException(Reason.CONFLICT, "network " + name + " already has IPv6 subnet " + has.get()
                            + ", not " + subnet6);
                }
                // Validates the dual-stack network as create would (pool size, MTU) and picks its gateway6.
                NetworkSpec grown = new NetworkSpec(name, List.of(network.subnet4().orElseThrow(), subnet6),
                        network.gateway4().stream().toList(), network.exclude(), network.encap(), OptionalLong.empty(),
                        network.mtu(), Map.of());
                checkOverlap(grown, current.stream().filter(r -> r != row).toList());
                Condition[] endpoints = {Condition.eq(Lease.NETWORK, network.uuid()),
                        Condition.eq(Lease.KIND, LeaseKind.ENDPOINT.wireName())};
                int inUse = calls.select(Select.from(Lease.TABLE).columns(Lease.OWNER).where(endpoints)).size();
                if (inUse > 0) {
                    // Its endpoints have no IPv6 address; event mode would rebuild theirs on the next restart.
                    throw new IpamException(Reason.NETWORK_IN_USE, "network " + name + " is in use (" + inUse
                            + " endpoint lease(s)): an IPv6 subnet is added only to a network without endpoints; "
                            + "create the network with both subnets ('ovsnet network create " + name
                            + " --subnet CIDR --subnet CIDR6')");
                }
                IpAddress gateway6 = grown.gateway(IpFamily.IPV6).orElseThrow();
                Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
                tx.add(Wait.until(Network.TABLE, Wait.Until.EQUALS, List.of(DECISION_COLUMNS), current).timeout(0));
                tx.add(Wait.until(Lease.TABLE, Wait.Until.EQUALS, List.of(Lease.OWNER), List.of()).where(endpoints)
                        .timeout(0));
                tx.add(Update.table(Network.TABLE).set(Network.SUBNET6, Optional.of(subnet6.toString()))
                        .set(Network.GATEWAY6, Optional.of(gateway6.toString()))
                        .where(Condition.uuidEquals(network.uuid())));
                tx.add(Insert.into(Lease.TABLE).row(Lease.columns(gateway6, Optional.empty(), Lease.GATEWAY_OWNER,
                        LeaseKind.GATEWAY, Instant.now()).set(Lease.NETWORK, network.uuid()).build()));
                calls.transact(tx);
                Network result = new Network(network.uuid(), name, network.vni(), network.subnet4(), Optional.of(subnet6),
                        network.gateway4(), Optional.of(gateway6), network.exclude(), network.encap(), network.mtu(),
                        network.options());
                index.rememberNetwork(result);
                LOG.info("network subnet added name={} subnet6={} gateway6={}", name, subnet6, gateway6);
                return result;
            } catch (TransactionException e) {
                if (!e.error().equals("constraint violation") && !e.isRetryable()) {
                    throw e;
                }
                LOG.debug("network subnet6 add raced, deciding again network={} error={}", name, e.error());
                calls.pause(attempt, deadline, e);
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                calls.pause(attempt, deadline, e);
            }
        }
    }

    /** The network as the store has it now (the local replica may not have seen a change yet). */
    private Network fresh(String name) {
        return calls.retrying(() -> calls.select(Select.from(Network.TABLE).where(Condition.eq(Network.NAME, name))))
                .stream().findFirst().map(Network::fromRow).orElseThrow(() -> unknown(name));
    }

    private Network insert(NetworkSpec spec, List<Row> current) {
        long vni = spec.vni().orElseGet(() -> lowestFreeVni(current));
        Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
        tx.add(Wait.until(Network.TABLE, Wait.Until.EQUALS, List.of(DECISION_COLUMNS), current).timeout(0));
        Insert network = Insert.into(Network.TABLE).withUuidName("network").row(Row.builder()
                .set(Network.NAME, spec.name())
                .set(Network.VNI, vni)
                .set(Network.SUBNET4, spec.subnet(IpFamily.IPV4).map(Cidr::toString))
                .set(Network.SUBNET6, spec.subnet(IpFamily.IPV6).map(Cidr::toString))
                .set(Network.GATEWAY4, spec.gateway(IpFamily.IPV4).map(IpAddress::toString))
                .set(Network.GATEWAY6, spec.gateway(IpFamily.IPV6).map(IpAddress::toString))
                .set(Network.EXCLUDE, spec.exclude().stream().map(Object::toString).toList())
                .set(Network.ENCAP, spec.encap().wireName())
                .set(Network.MTU, spec.mtu())
                .set(Network.OPTIONS, spec.options())
                .build());
        Handle<Uuid> uuid = tx.add(network);
        Instant now = Instant.now();
        for (IpFamily family : IpFamily.values()) {
            spec.gateway(family).ifPresent(g -> tx.add(Insert.into(Lease.TABLE).row(
                    Lease.columns(g, Optional.empty(), Lease.GATEWAY_OWNER, LeaseKind.GATEWAY, now)
                            .set(Lease.NETWORK, network.ref()).build())));
        }
        Uuid created = calls.transact(tx).get(uuid);
        LOG.info("network created name={} vni={} subnets={}", spec.name(), vni, spec.subnets());
        Network result = new Network(created, spec.name(), vni, spec.subnet(IpFamily.IPV4), spec.subnet(IpFamily.IPV6),
                spec.gateway(IpFamily.IPV4), spec.gateway(IpFamily.IPV6), spec.exclude(), spec.encap(), spec.mtu(),
                spec.options());
        index.rememberNetwork(result);
        return result;
    }

    private static void checkOverlap(NetworkSpec spec, List<Row> current) {
        for (Row row : current) {
            String other = row.getString(Network.NAME);
            for (Cidr theirs : subnetsOf(row)) {
                for (Cidr mine : spec.subnets()) {
                    if (mine.overlaps(theirs)) {
                        throw new IpamException(Reason.CONFLICT, "subnet " + mine + " overlaps network " + other
                                + " (" + theirs + ")");
                    }
                }
            }
            if (spec.vni().isPresent() && spec.vni().getAsLong() == row.getLong(Network.VNI)) {
                throw new IpamException(Reason.CONFLICT, "VNI " + spec.vni().getAsLong() + " is already used by network "
                        + other);
            }
        }
    }

    private static List<Cidr> subnetsOf(Row row) {
        return Stream.of(Network.SUBNET4, Network.SUBNET6)
                .flatMap(c -> row.getSet(c).as(String.class).stream())
                .map(Cidr::parse)
                .toList();
    }

    private static boolean sameSubnets(NetworkSpec spec, Row row) {
        return new HashSet<>(subnetsOf(row)).equals(new HashSet<>(spec.subnets()));
    }

    private static long lowestFreeVni(List<Row> current) {
        Set<Long> used = new HashSet<>();
        current.forEach(r -> used.add(r.getLong(Network.VNI)));
        for (long vni = 1; vni <= Network.MAX_VNI; vni++) {
            if (!used.contains(vni)) {
                return vni;
            }
        }
        throw new IpamException(Reason.CONFLICT, "every VNI from 1 to " + Network.MAX_VNI + " is in use");
    }

    /**
     * The network named {@code name}: from the local replica, else (it may be seconds old) from
     * the store. Idempotent.
     *
     * @throws IpamException UNKNOWN_NETWORK
     */
    public Network get(String name) {
        Optional<Network> local = index.network(name);
        if (local.isPresent()) {
            return local.get();
        }
        return calls.retrying(() -> calls.select(Select.from(Network.TABLE).where(Condition.eq(Network.NAME, name))))
                .stream().findFirst().map(Network::fromRow)
                .orElseThrow(() -> unknown(name));
    }

    /** Every network, by name, as the store has them now. Idempotent. */
    public List<Network> list() {
        return calls.retrying(() -> calls.select(Select.from(Network.TABLE))).stream().map(Network::fromRow)
                .sorted(Comparator.comparing(Network::name)).toList();
    }

    /**
     * Deletes the network with its gateway and reserved leases, in one transaction, refused while an
     * endpoint lease remains (the Lease table's strong reference to the network makes the store
     * itself refuse, so an allocation racing the delete either lands first and blocks it, or fails).
     *
     * @throws IpamException UNKNOWN_NETWORK, or NETWORK_IN_USE naming the count of endpoint leases
     */
    public void delete(String name) {
        Network network = get(name);
        long deadline = calls.deadline();
        for (int attempt = 0; ; attempt++) {
            Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
            tx.add(Delete.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network.uuid()),
                    Condition.ne(Lease.KIND, LeaseKind.ENDPOINT.wireName())));
            tx.add(Delete.from(Network.TABLE).where(Condition.uuidEquals(network.uuid())));
            try {
                calls.transact(tx);
                index.forgetNetwork(network);
                LOG.info("network deleted name={} vni={}", name, network.vni());
                return;
            } catch (TransactionException e) {
                if (e.error().equals("referential integrity violation")) {
                    int endpoints = calls.select(Select.from(Lease.TABLE).columns(Lease.OWNER).where(
                            Condition.eq(Lease.NETWORK, network.uuid()),
                            Condition.eq(Lease.KIND, LeaseKind.ENDPOINT.wireName()))).size();
                    throw new IpamException(Reason.NETWORK_IN_USE, "network " + name + " is in use: " + endpoints
                            + " endpoint lease(s) remain; release them first ('ovsnet lease ls " + name + "' lists them)");
                }
                if (!e.isRetryable()) {
                    throw e;
                }
                calls.pause(attempt, deadline, e);
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                calls.pause(attempt, deadline, e);
            }
        }
    }

    static IpamException unknown(String name) {
        return new IpamException(Reason.UNKNOWN_NETWORK, "unknown network '" + name
                + "' ('ovsnet network ls' lists the networks)");
    }
}
