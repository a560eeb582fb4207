package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.monitor.ReplicaListener;
import io.ovsnet.ovsdb.monitor.RowChange;
import io.ovsnet.ovsdb.notation.Uuid;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the local replica of the store says about networks and leases, indexed for allocation:
 * networks by name and UUID, taken addresses per network and family, leases by owner and by
 * address. Fed by the replica's listener and, right after this client's own commits, by
 * {@link #claimed}/{@link #released} so that the next candidate skips them before the monitor
 * reports them.
 *
 * <p>A hint, never the authority: a stale entry only costs a refused insert (the unique index
 * decides) or skipping an address that became free a moment ago. Thread-safe.
 *
 * <p>The replica holds either every lease ({@link #LeaseIndex()}: command-line tools, tests) or,
 * for an agent, none ({@link #scopedTo}): the store then sends no host anybody's claims, not
 * even its own back, which is what limited the allocation rate when many hosts allocate at once.
 * A scoped index knows its own host's leases from its own claims and releases, and the pool's
 * addresses from a snapshot taken when the pool is first used ({@link #seed}) and from refused
 * claims ({@link #markTaken}); the allocator takes a new snapshot when claims keep being refused
 * or the pool looks full, and checks an owner's recorded lease with the store before trusting
 * it, so the hint never stays wrong for long and is never trusted where it matters.
 */
final class LeaseIndex implements ReplicaListener {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseIndex.class);

    private record PoolKey(Uuid network, IpFamily family) {
    }

    private record OwnerKey(Uuid network, IpFamily family, String owner) {
    }

    private record AddressKey(Uuid network, IpAddress address) {
    }

    private final Map<String, Network> networksByName = new ConcurrentHashMap<>();
    private final Map<Uuid, Network> networksByUuid = new ConcurrentHashMap<>();
    /** Addresses of the leases the replica holds, and of this client's own claims. */
    private final Map<PoolKey, Set<BigInteger>> taken = new ConcurrentHashMap<>();
    /** Addresses known taken by leases the replica does not hold (or not yet): snapshots and refused claims. */
    private final Map<PoolKey, Set<BigInteger>> foreign = new ConcurrentHashMap<>();
    /** Pools whose foreign addresses have been read at least once (scoped replicas only). */
    private final Set<PoolKey> seeded = ConcurrentHashMap.newKeySet();
    /** Addresses this client's claims are trying right now (queued or in flight); not leases. */
    private final Map<PoolKey, Set<BigInteger>> held = new ConcurrentHashMap<>();
    private final Map<OwnerKey, Lease> byOwner = new ConcurrentHashMap<>();
    private final Map<AddressKey, Lease> byAddress = new ConcurrentHashMap<>();
    /** The host whose leases alone the replica holds; empty when it holds every lease. */
    private final Optional<String> scope;

    /** An index of a replica holding every lease. */
    LeaseIndex() {
        this(Optional.empty());
    }

    private LeaseIndex(Optional<String> scope) {
        this.scope = scope;
    }

    /** An index of a replica holding only the leases of {@code host}. */
    static LeaseIndex scopedTo(String host) {
        return new LeaseIndex(Optional.of(host));
    }

    /** The host the replica is scoped to, if it does not hold every lease. */
    Optional<String> scope() {
        return scope;
    }

    @Override
    public void changed(List<RowChange> changes) {
        for (RowChange change : changes) {
            try {
                if (change.table().equals(Network.TABLE)) {
                    change.before().map(Network::fromRow).ifPresent(this::forgetNetwork);
                    change.after().map(Network::fromRow).ifPresent(this::rememberNetwork);
                } else if (change.table().equals(Lease.TABLE)) {
                    change.before().map(Lease::fromRow).ifPresent(this::released);
                    change.after().map(Lease::fromRow).ifPresent(this::claimed);
                }
            } catch (RuntimeException e) {
                LOG.warn("ignoring a row the index cannot read table={} uuid={}", change.table(), change.uuid(), e);
            }
        }
    }

    /** Records a network (created by this client, or reported by the replica). */
    void rememberNetwork(Network n) {
        networksByName.put(n.name(), n);
        networksByUuid.put(n.uuid(), n);
    }

    /** Records a network as gone. */
    void forgetNetwork(Network n) {
        networksByName.computeIfPresent(n.name(), (name, current) -> current.uuid().equals(n.uuid()) ? null : current);
        networksByUuid.remove(n.uuid());
    }

    /**
     * Records a lease as held (after this client committed it, or the replica reported it). In a
     * scoped index, a lease of another host only marks its address taken: the replica would
     * never report its release.
     */
    void claimed(Lease lease) {
        if (scope.isPresent() && !lease.host().equals(scope)) {
            markTaken(lease.network(), lease.address());
            return;
        }
        taken.computeIfAbsent(new PoolKey(lease.network(), lease.family()), k -> ConcurrentHashMap.newKeySet())
                .add(lease.address().value());
        byOwner.put(new OwnerKey(lease.network(), lease.family(), lease.owner()), lease);
        byAddress.put(new AddressKey(lease.network(), lease.address()), lease);
    }

    /** Records a lease as gone. */
    void released(Lease lease) {
        PoolKey pool = new PoolKey(lease.network(), lease.family());
        for (Map<PoolKey, Set<BigInteger>> addresses : List.of(taken, foreign)) {
            Set<BigInteger> set = addresses.get(pool);
            if (set != null) {
                set.remove(lease.address().value());
            }
        }
        byOwner.remove(new OwnerKey(lease.network(), lease.family(), lease.owner()), lease);
        byAddress.remove(new AddressKey(lease.network(), lease.address()), lease);
    }

    /**
     * Marks an address as taken without knowing its lease (another client won it). Only a scoped
     * index keeps the mark: an index of every lease already has it from its monitor, whose update
     * ovsdb-server sends on the connection before the reply that refused the claim, and a mark it
     * kept could outlive the lease (its release reported before the mark is made) and hide a free
     * address for good.
     */
    void markTaken(Uuid network, IpAddress address) {
        if (scope.isEmpty()) {
            return;
        }
        foreign.computeIfAbsent(new PoolKey(network, address.family()), k -> ConcurrentHashMap.newKeySet())
                .add(address.value());
    }

    /** Whether a scoped index has yet to read the pool's addresses held by other hosts. */
    boolean needsSeed(Uuid network, IpFamily family) {
        return scope.isPresent() && !seeded.contains(new PoolKey(network, family));
    }

    /**
     * Replaces what is known of the pool's leased addresses with the store's: {@code own}, those
     * of this index's host, and {@code others}. A claim of this client that commits while the
     * snapshot is read may be missing from it; that costs one refused claim at most.
     */
    void seed(Uuid network, IpFamily family, Set<BigInteger> own, Set<BigInteger> others) {
        PoolKey pool = new PoolKey(network, family);
        Set<BigInteger> mine = ConcurrentHashMap.newKeySet();
        mine.addAll(own);
        Set<BigInteger> theirs = ConcurrentHashMap.newKeySet();
        theirs.addAll(others);
        taken.put(pool, mine);
        foreign.put(pool, theirs);
        seeded.add(pool);
    }

    /** Whether the address (an absolute value) of the pool is taken as far as this index knows. */
    boolean isTaken(Uuid network, IpFamily family, BigInteger address) {
        PoolKey pool = new PoolKey(network, family);
        Set<BigInteger> known = taken.get(pool);
        if (known != null && known.contains(address)) {
            return true;
        }
        Set<BigInteger> others = foreign.get(pool);
        return others != null && others.contains(address);
    }

    /**
     * Marks an address (absolute value) as tried by a claim of this client, so that its other
     * claims pick other addresses while this one is queued or in flight. Not a lease: a snapshot
     * ({@link #seed}) leaves it alone, and the pool is full only when every address is taken.
     * Returns false if it was already held. Undo with {@link #unhold}.
     */
    boolean hold(Uuid network, IpFamily family, BigInteger address) {
        return held.computeIfAbsent(new PoolKey(network, family), k -> ConcurrentHashMap.newKeySet()).add(address);
    }

    /** Ends a {@link #hold}; the address's lease, if the claim committed, is recorded before. */
    void unhold(Uuid network, IpFamily family, BigInteger address) {
        Set<BigInteger> set = held.get(new PoolKey(network, family));
        if (set != null) {
            set.remove(address);
        }
    }

    /** Whether a claim of this client is trying the address (absolute value) right now. */
    boolean isHeld(Uuid network, IpFamily family, BigInteger address) {
        Set<BigInteger> set = held.get(new PoolKey(network, family));
        return set != null && set.contains(address);
    }

    /** How many addresses of the pool claims hold right now (tests: none once claims are done). */
    int heldCount(Uuid network, IpFamily family) {
        Set<BigInteger> set = held.get(new PoolKey(network, family));
        return set == null ? 0 : set.size();
    }

    Optional<Network> network(String name) {
        return Optional.ofNullable(networksByName.get(name));
    }

    Optional<Network> network(Uuid uuid) {
        return Optional.ofNullable(networksByUuid.get(uuid));
    }

    List<Network> networks() {
        return networksByName.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** The taken address values (absolute, not offsets) of one network and family that the replica holds; live view. */
    Set<BigInteger> taken(Uuid network, IpFamily family) {
        return taken.computeIfAbsent(new PoolKey(network, family), k -> ConcurrentHashMap.newKeySet());
    }

    Optional<Lease> byOwner(Uuid network, IpFamily family, String owner) {
        return Optional.ofNullable(byOwner.get(new OwnerKey(network, family, owner)));
    }

    Optional<Lease> byAddress(Uuid network, IpAddress address) {
        return Optional.ofNullable(byAddress.get(new AddressKey(network, address)));
    }
}
