package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.IpamException.Reason;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ipam.pool.Pool;
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
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address leases: claim any free address or a specific one, release, collect garbage.
 * Every method blocks the calling thread; all are safe to call from many threads.
 *
 * <p><b>Claiming</b> (ARCHITECTURE.md decision 1): the candidate comes from the local replica
 * (next fit from a cursor), and the claim is one transaction inserting the Lease row. The unique
 * index {@code (network, address)} refuses a second claim of an address with "constraint
 * violation"; the allocator then marks that address taken and moves its cursor to a random place
 * of the pool, so that clients racing through one pool spread out instead of chasing each other's
 * next address. Nothing is ever read, decided and written back. The common case is one round trip.
 * An agent's replica holds no leases ({@link LeaseIndex#scopedTo}): the pool's addresses come from
 * its own claims and a snapshot of the pool read when the pool is first used, and again after
 * {@value #REFUSALS_BEFORE_SNAPSHOT} refused claims in a row or before the pool is called full.
 *
 * <p><b>Group commit</b> ({@link ClaimGroups}): concurrent claims of one client in one pool share a
 * transaction, one insert each, when a claim of the pool is already in flight; a lone claim goes
 * out at once. The group is a fast path in front of the single-claim loop described here: when its
 * transaction fails in any way, each of its claims goes through that loop. Every claim of this
 * client, grouped or not, holds its candidate in the index while it is tried
 * ({@link LeaseIndex#hold}), so that the client's concurrent claims pick different addresses.
 *
 * <p><b>Lost replies</b> (a leader failover, a dropped connection): the claim may or may not have
 * committed. The unique index {@code (network, family, owner)} makes that safe: before trying again
 * the allocator looks the owner's lease up in the store and returns it if the claim had landed; if
 * not, a late commit of the lost claim and the retry cannot both succeed, because the second one
 * breaks the owner index. So an owner never ends up with two addresses, and none leaks.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final String CONSTRAINT_VIOLATION = "constraint violation";
    private static final String REFERENTIAL_INTEGRITY = "referential integrity violation";
    /** Refused claims in one allocation after which a scoped index reads the pool again. */
    static final int REFUSALS_BEFORE_SNAPSHOT = 3;

    private record CursorKey(Uuid network, IpFamily family) {
    }

    private final StoreCalls calls;
    private final LeaseIndex index;
    private final Networks networks;
    private final Map<CursorKey, BigInteger> cursors = new ConcurrentHashMap<>();
    private final ClaimGroups groups;

    Leases(StoreCalls calls, LeaseIndex index, Networks networks) {
        this.calls = calls;
        this.index = index;
        this.networks = networks;
        this.groups = new ClaimGroups(calls, index, ClaimGroups.enabledBySystemProperty());
    }

    /** This client's index (tests). */
    LeaseIndex index() {
        return index;
    }

    /** The group commit of this client's claims (counters and test seams). */
    ClaimGroups groups() {
        return groups;
    }

    /**
     * Leases any free address of the network's {@code family} pool to {@code owner}. Idempotent per
     * (network, family, owner): an owner that already holds an address of the family gets that one.
     *
     * @throws IpamException NO_FREE_ADDRESS, UNKNOWN_NETWORK, STORE_UNAVAILABLE
     * @throws IllegalArgumentException if the network has no subnet of that family, or the owner is blank
     */
    public Lease allocate(String networkName, IpFamily family, String owner, LeaseKind kind, Optional<String> host) {
        requireOwner(owner);
        Network network = networks.get(networkName);
        Pool pool = poolOf(network, family);
        Optional<Lease> held = held(network, family, owner);
        if (held.isPresent()) {
            return held.get();
        }
        CursorKey key = new CursorKey(network.uuid(), family);
        BigInteger base = pool.subnet().network().value();
        boolean checkOwner = false;
        // Fast path: share a transaction with this client's concurrent claims of the pool. Once the
        // pool's addresses are known (a scoped index reads them on the single path below first).
        if (!index.needsSeed(network.uuid(), family)) {
            Optional<ClaimGroups.Outcome> grouped = groups.claim(network, family, owner, kind, host,
                    () -> groupCandidate(network, pool, family, key));
            if (grouped.isPresent()) {
                if (grouped.get() instanceof ClaimGroups.Committed committed) {
                    return committed.lease();
                }
                ClaimGroups.FallBack fallBack = (ClaimGroups.FallBack) grouped.get();
                checkOwner = fallBack.checkOwner();
                if (fallBack.addressTaken()) {
                    cursors.put(key, pool.randomOffset(ThreadLocalRandom.current()));
                }
            }
        }
        // The single-claim loop: the whole of allocation without grouping, and where a failed group goes on.
        long deadline = calls.deadline();
        boolean freshSnapshot = false;
        int refusals = 0;
        int failures = 0;
        while (true) {
            try {
                if (index.needsSeed(network.uuid(), family)
                        || (index.scope().isPresent() && refusals >= REFUSALS_BEFORE_SNAPSHOT)) {
                    snapshot(network, family);
                    freshSnapshot = true;
                    refusals = 0;
                }
                if (checkOwner) {
                    Optional<Lease> landed = lookupOwner(network.uuid(), family, owner);
                    if (landed.isPresent()) {
                        LOG.info("claim had landed before its reply was lost network={} owner={} address={}",
                                network.name(), owner, landed.get().address());
                        index.claimed(landed.get());
                        return landed.get();
                    }
                    checkOwner = false;
                }
                BigInteger cursor = cursors.computeIfAbsent(key, k -> pool.randomOffset(ThreadLocalRandom.current()));
                Optional<BigInteger> free = pool.nextFree(cursor, o -> index.isTaken(network.uuid(), family, base.add(o))
                        || index.isHeld(network.uuid(), family, base.add(o)));
                if (free.isEmpty()) {
                    // Addresses held by other claims may come free again: only taken ones make the pool full.
                    free = pool.nextFree(cursor, o -> index.isTaken(network.uuid(), family, base.add(o)));
                }
                if (free.isEmpty()) {
                    if (index.scope().isPresent() && !freshSnapshot) {
                        refusals = REFUSALS_BEFORE_SNAPSHOT; // read the pool again before calling it full
                        continue;
                    }
                    throw new IpamException(Reason.NO_FREE_ADDRESS, "no free address in network " + network.name()
                            + " (" + pool.subnet() + ")");
                }
                BigInteger offset = free.get();
                IpAddress address = pool.subnet().addressAt(offset);
                // Held while tried, so that this client's concurrent claims pick other addresses (a
                // hint: when another claim holds it already, this one tries it all the same).
                boolean holding = index.hold(network.uuid(), family, address.value());
                try {
                    Lease lease = insert(network, address, owner, kind, host);
                    cursors.put(key, offset.add(BigInteger.ONE));
                    return lease;
                } catch (TransactionException e) {
                    if (!e.error().equals(CONSTRAINT_VIOLATION)) {
                        throw e;
                    }
                    if (violatesOwnerIndex(e)) {
                        checkOwner = true;
                    } else {
                        LOG.debug("address claimed by another client, moving on network={} address={}",
                                network.name(), address);
                        index.markTaken(network.uuid(), address);
                        cursors.put(key, pool.randomOffset(ThreadLocalRandom.current()));
                        refusals++;
                    }
                } finally {
                    if (holding) {
                        index.unhold(network.uuid(), family, address.value());
                    }
                }
            } catch (TransactionException e) {
                if (e.error().equals(REFERENTIAL_INTEGRITY)) {
                    throw Networks.unknown(networkName);
                }
                if (!e.isRetryable()) {
                    throw e;
                }
                checkOwner = true;
                calls.pause(failures++, deadline, e);
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                if (failures == 0) {
                    LOG.info("claim outcome unknown, will look the owner up network={} owner={} error={}",
                            network.name(), owner, e.getMessage());
                }
                checkOwner = true;
                calls.pause(failures++, deadline, e);
            }
        }
    }

    /**
     * Leases the specific {@code address} to {@code owner}. Idempotent: if the owner already holds
     * that address, returns its lease.
     *
     * @throws IpamException ADDRESS_TAKEN naming the holder, OWNER_HOLDS_ANOTHER, UNKNOWN_NETWORK
     * @throws IllegalArgumentException if the address is outside the subnet, is its network or
     *                                  broadcast address, or is excluded
     */
    public Lease reserve(String networkName, IpAddress address, String owner, LeaseKind kind, Optional<String> host) {
        requireOwner(owner);
        Network network = networks.get(networkName);
        Pool pool = poolOf(network, address.family());
        try {
            pool.checkRequestable(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (network " + network.name() + ")", e);
        }
        Optional<Lease> held = held(network, address.family(), owner);
        if (held.isPresent()) {
            return sameOrRefuse(held.get(), address, network);
        }
        long deadline = calls.deadline();
        for (int failures = 0; ; ) {
            try {
                try {
                    return insert(network, address, owner, kind, host);
                } catch (TransactionException e) {
                    if (!e.error().equals(CONSTRAINT_VIOLATION)) {
                        throw e;
                    }
                    Optional<Lease> holder = violatesOwnerIndex(e)
                            ? lookupOwner(network.uuid(), address.family(), owner)
                            : lookupAddress(network.uuid(), address);
                    if (holder.isPresent()) {
                        index.claimed(holder.get());
                        if (holder.get().owner().equals(owner)) {
                            return sameOrRefuse(holder.get(), address, network);
                        }
                        throw new IpamException(Reason.ADDRESS_TAKEN, address + " in network " + network.name()
                                + " is taken by " + holder.get().owner() + " (" + holder.get().kind().wireName() + ")");
                    }
                    // The holder let go in between: try again.
                }
            } catch (TransactionException e) {
                if (e.error().equals(REFERENTIAL_INTEGRITY)) {
                    throw Networks.unknown(networkName);
                }
                if (!e.isRetryable()) {
                    throw e;
                }
                calls.pause(failures++, deadline, e);
            } catch (OvsdbException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                calls.pause(failures++, deadline, e);
            }
        }
    }

    /** The gateway lease of the network's {@code family} subnet (created with the network). Idempotent. */
    public Lease gateway(String networkName, IpFamily family) {
        Network network = networks.get(networkName);
        poolOf(network, family);
        IpAddress gateway = network.gateway(family).orElseThrow(() -> new IllegalArgumentException(
                "network " + networkName + " has no " + family.wireName() + " gateway"));
        return index.byAddress(network.uuid(), gateway).or(() -> calls.retrying(() -> lookupAddress(network.uuid(), gateway)))
                .orElseThrow(() -> new IllegalStateException("network " + networkName + " lost its gateway lease "
                        + gateway + "; delete and recreate the network"));
    }

    /**
     * Releases the lease of {@code address}. Idempotent: returns false if there was none.
     *
     * @throws IllegalArgumentException for the gateway address (it goes with the network) or an
     *                                  address outside the network
     */
    public boolean release(String networkName, IpAddress address) {
        Network network = networks.get(networkName);
        poolOf(network, address.family()).subnet().offsetOf(address);
        if (network.gateway(address.family()).filter(address::equals).isPresent()) {
            throw new IllegalArgumentException(address + " is the gateway of network " + networkName
                    + "; it is released when the network is removed");
        }
        int removed = deleteLeases(Delete.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network.uuid()),
                Condition.eq(Lease.ADDRESS, address.toString())));
        index.byAddress(network.uuid(), address).ifPresent(index::released);
        LOG.info("lease released network={} address={} found={}", networkName, address, removed > 0);
        return removed > 0;
    }

    /** Releases every non-gateway lease of {@code owner} in the network. Idempotent; returns how many went. */
    public int releaseOwner(String networkName, String owner) {
        Network network = networks.get(networkName);
        int removed = deleteLeases(Delete.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network.uuid()),
                Condition.eq(Lease.OWNER, owner), Condition.ne(Lease.KIND, LeaseKind.GATEWAY.wireName())));
        for (IpFamily f : IpFamily.values()) {
            index.byOwner(network.uuid(), f, owner).ifPresent(index::released);
        }
        return removed;
    }

    /**
     * Garbage collection for one host: releases its endpoint leases whose owner is not in
     * {@code aliveOwners}, considering only leases created before {@code takenBefore} (the moment
     * the caller listed the living owners, so a lease claimed since then is never collected).
     * Idempotent. Returns the leases released.
     */
    public List<Lease> collect(String host, Set<String> aliveOwners, Instant takenBefore) {
        List<Lease> dead = calls.retrying(() -> calls.select(Select.from(Lease.TABLE).where(
                        Condition.eq(Lease.HOST, host), Condition.eq(Lease.KIND, LeaseKind.ENDPOINT.wireName()),
                        Condition.lt(Lease.CREATED, takenBefore.toEpochMilli()))))
                .stream().map(Lease::fromRow).filter(l -> !aliveOwners.contains(l.owner())).toList();
        if (dead.isEmpty()) {
            return dead;
        }
        Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
        dead.forEach(l -> tx.add(Delete.from(Lease.TABLE).where(Condition.uuidEquals(l.uuid()))));
        calls.retrying(() -> calls.transact(tx));
        dead.forEach(index::released);
        LOG.info("leases collected host={} released={}", host, dead.size());
        return dead;
    }

    /** The leases of one network, or of all, by network name then address, as the store has them now. Idempotent. */
    public List<Lease> list(Optional<String> networkName) {
        Select select = Select.from(Lease.TABLE);
        if (networkName.isPresent()) {
            select = select.where(Condition.eq(Lease.NETWORK, networks.get(networkName.get()).uuid()));
        }
        Select query = select;
        // Network names from the replica: the leases' networks are there (a lease refers to its network).
        return calls.retrying(() -> calls.select(query)).stream().map(Lease::fromRow)
                .sorted(Comparator.comparing((Lease l) -> index.network(l.network()).map(Network::name).orElse(""))
                        .thenComparing(Lease::address))
                .toList();
    }

    private Lease insert(Network network, IpAddress address, String owner, LeaseKind kind, Optional<String> host) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
        Handle<Uuid> uuid = tx.add(Insert.into(Lease.TABLE).row(
                Lease.columns(address, host, owner, kind, now).set(Lease.NETWORK, network.uuid()).build()));
        Uuid created = calls.transact(tx).get(uuid);
        Lease lease = new Lease(created, network.uuid(), address, MacAddress.derivedFrom(address), host, owner, kind, now);
        index.claimed(lease);
        return lease;
    }

    private int deleteLeases(Delete delete) {
        return calls.retrying(() -> {
            Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
            Handle<Integer> count = tx.add(delete);
            return calls.transact(tx).get(count);
        });
    }

    /**
     * The owner's lease of the family, as the index records it. A scoped index sees no release
     * made elsewhere (an operator's, a host removal's), so there the store confirms it first: an
     * owner's lease is handed out again only while it exists.
     */
    private Optional<Lease> held(Network network, IpFamily family, String owner) {
        Optional<Lease> recorded = index.byOwner(network.uuid(), family, owner);
        if (recorded.isEmpty() || index.scope().isEmpty()) {
            return recorded;
        }
        Optional<Lease> stored = calls.retrying(() -> lookupOwner(network.uuid(), family, owner));
        if (stored.isEmpty()) {
            index.released(recorded.get());
        } else if (!stored.get().equals(recorded.get())) {
            index.released(recorded.get());
            index.claimed(stored.get());
        }
        return stored;
    }

    /** Reads the pool's leased addresses into a scoped index, whose replica holds no leases. */
    private void snapshot(Network network, IpFamily family) {
        Set<BigInteger> own = new HashSet<>();
        Set<BigInteger> others = new HashSet<>();
        for (Row row : calls.select(Select.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network.uuid()),
                Condition.eq(Lease.FAMILY, family.wireName())).columns(Lease.ADDRESS, Lease.HOST))) {
            BigInteger address = IpAddress.parse(row.getString(Lease.ADDRESS)).value();
            boolean mine = row.getSet(Lease.HOST).contains(index.scope().orElseThrow());
            (mine ? own : others).add(address);
        }
        index.seed(network.uuid(), family, own, others);
        LOG.debug("pool read network={} family={} own={} others={}", network.name(), family.wireName(), own.size(),
                others.size());
    }

    private Optional<Lease> lookupOwner(Uuid network, IpFamily family, String owner) {
        return calls.select(Select.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network),
                Condition.eq(Lease.FAMILY, family.wireName()), Condition.eq(Lease.OWNER, owner)))
                .stream().findFirst().map(Lease::fromRow);
    }

    private Optional<Lease> lookupAddress(Uuid network, IpAddress address) {
        List<Row> rows = calls.select(Select.from(Lease.TABLE).where(Condition.eq(Lease.NETWORK, network),
                Condition.eq(Lease.ADDRESS, address.toString())));
        return rows.stream().findFirst().map(Lease::fromRow);
    }

    /**
     * The next address from the pool's cursor that is neither taken nor held by another claim of
     * this client, the cursor moved past it; empty when there is none. Runs under the group's lock.
     */
    private Optional<IpAddress> groupCandidate(Network network, Pool pool, IpFamily family, CursorKey key) {
        BigInteger base = pool.subnet().network().value();
        BigInteger cursor = cursors.computeIfAbsent(key, k -> pool.randomOffset(ThreadLocalRandom.current()));
        Optional<BigInteger> free = pool.nextFree(cursor, o -> index.isTaken(network.uuid(), family, base.add(o))
                || index.isHeld(network.uuid(), family, base.add(o)));
        free.ifPresent(o -> cursors.put(key, o.add(BigInteger.ONE)));
        return free.map(o -> pool.subnet().addressAt(o));
    }

    static boolean violatesOwnerIndex(TransactionException e) {
        // ovsdb-server names the index's columns in the details: ... for index on columns "network",
        // "family", and "owner".
        return e.details().map(d -> d.contains("\"" + Lease.OWNER + "\"")).orElse(false);
    }

    private static Lease sameOrRefuse(Lease held, IpAddress wanted, Network network) {
        if (held.address().equals(wanted)) {
            return held;
        }
        throw new IpamException(Reason.OWNER_HOLDS_ANOTHER, held.owner() + " already holds " + held.address()
                + " in network " + network.name() + "; release it first");
    }

    private static Pool poolOf(Network network, IpFamily family) {
        return network.pool(family).orElseThrow(() -> new IllegalArgumentException(
                "network " + network.name() + " has no " + family.wireName() + " subnet"));
    }

    private static void requireOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a lease needs an owner (a container or endpoint id, or a name)");
        }
    }
}
