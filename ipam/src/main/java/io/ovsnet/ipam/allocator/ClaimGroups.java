package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.ovsdb.operation.TransactionResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of address claims: concurrent {@link Leases#allocate} calls of one client for the
 * same pool (network and family) share store transactions. On a Raft cluster every commit waits
 * for the log whatever it holds, so a mass restart of containers is bounded by commits, not by
 * claims.
 *
 * <p>While no grouped claim of the pool is in flight, a claim goes out alone at once (no added
 * latency when idle). While one is in flight, further claims pick their candidate (held in the
 * index, so that they are distinct from each other and from those in flight) and wait; when the
 * transaction in flight completes, the first waiting caller sends up to {@value #MAX_CLAIMS}
 * waiting claims as one transaction, one insert each. A transaction commits all of its claims or
 * none (a single refused address aborts the whole OVSDB transaction), so this is only a fast path:
 * when a transaction fails in any way, each of its callers claims alone through the allocator's
 * single-claim loop, told whether its claim may have landed (lost reply: look the owner up first).
 *
 * <p>Thread-safe. {@link #ENABLED_PROPERTY}{@code =false} turns grouping off (A/B measurements).
 */
final class ClaimGroups {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimGroups.class);
    /** At most this many claims per transaction: bounds the size of one request and of one failure. */
    static final int MAX_CLAIMS = 64;
    /** System property; {@code false} makes every claim go out alone, as before grouping. */
    static final String ENABLED_PROPERTY = "ovsnet.ipam.groupClaims";
    private static final String CONSTRAINT_VIOLATION = "constraint violation";
    private static final String REFERENTIAL_INTEGRITY = "referential integrity violation";

    /** What became of one grouped claim. */
    sealed interface Outcome permits Committed, FallBack {
    }

    /** The claim committed: the caller's lease. */
    record Committed(Lease lease) implements Outcome {
    }

    /**
     * The claim's transaction did not commit, or may have: the caller claims alone. With
     * {@code checkOwner} the outcome is unknown and the owner is looked up first; with
     * {@code addressTaken} the store refused an address of the transaction (another client's).
     */
    record FallBack(boolean checkOwner, boolean addressTaken) implements Outcome {
    }

    private static final FallBack UNKNOWN = new FallBack(true, false);

    /** What a waiting caller is told: lead this batch, or the outcome of its claim. */
    private sealed interface Turn permits Lead, Settled {
    }

    private record Lead(List<Claim> batch) implements Turn {
    }

    private record Settled(Outcome outcome) implements Turn {
    }

    private record Claim(String owner, LeaseKind kind, Optional<String> host, IpAddress address,
            CompletableFuture<Turn> turn) {
    }

    private record PoolKey(Uuid network, IpFamily family) {
    }

    /** The claims of one pool: whether a transaction is in flight, who waits. Guarded by itself. */
    private static final class Group {
        boolean inFlight;
        final ArrayDeque<Claim> waiting = new ArrayDeque<>();
        /** Owners queued or in flight: a second claim for one of them would abort the whole batch. */
        final Set<String> owners = new HashSet<>();
    }

    private final StoreCalls calls;
    private final LeaseIndex index;
    private final boolean enabled;
    private final Map<PoolKey, Group> groups = new ConcurrentHashMap<>();
    private final LongAdder transactionsCommitted = new LongAdder();
    private final LongAdder claimsCommitted = new LongAdder();
    private final LongAdder transactionsFailed = new LongAdder();
    private final LongAdder claimsFailed = new LongAdder();

    ClaimGroups(StoreCalls calls, LeaseIndex index, boolean enabled) {
        this.calls = calls;
        this.index = index;
        this.enabled = enabled;
    }

    /** Whether grouping is on unless {@link #ENABLED_PROPERTY} says {@code false}. */
    static boolean enabledBySystemProperty() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim());
    }

    /**
     * Claims an address of the pool for {@code owner} together with the pool's other concurrent
     * claims. {@code candidate} picks an address the index has neither taken nor held; it runs
     * under the pool's lock, so that no two waiting claims pick the same one. Empty when the claim
     * cannot be grouped (grouping off, the owner already has a claim under way here, no candidate):
     * the caller then claims alone.
     */
    Optional<Outcome> claim(Network network, IpFamily family, String owner, LeaseKind kind, Optional<String> host,
            Supplier<Optional<IpAddress>> candidate) {
        if (!enabled) {
            return Optional.empty();
        }
        Group group = groups.computeIfAbsent(new PoolKey(network.uuid(), family), k -> new Group());
        Claim claim;
        List<Claim> batch = null;
        synchronized (group) {
            if (group.owners.contains(owner)) {
                return Optional.empty();
            }
            Optional<IpAddress> address = candidate.get();
            if (address.isEmpty()) {
                return Optional.empty();
            }
            if (!index.hold(network.uuid(), family, address.get().value())) {
                return Optional.empty(); // a single claim of this client took it since the pick: claim alone
            }
            claim = new Claim(owner, kind, host, address.get(), new CompletableFuture<>());
            group.owners.add(owner);
            if (group.inFlight) {
                group.waiting.add(claim);
            } else {
                group.inFlight = true;
                batch = List.of(claim);
            }
        }
        if (batch == null) {
            // Never left waiting: whoever holds the pool's transaction hands over in a finally block.
            Turn turn = claim.turn().join();
            if (turn instanceof Settled settled) {
                return Optional.of(settled.outcome());
            }
            batch = ((Lead) turn).batch();
        }
        return Optional.of(commit(network, family, group, batch));
    }

    /**
     * Sends {@code batch} (led by its first claim, the calling thread's), hands the pool over to
     * the next waiting claims and tells every other claim of the batch its outcome. Returns the
     * leading claim's outcome.
     */
    private Outcome commit(Network network, IpFamily family, Group group, List<Claim> batch) {
        List<Outcome> outcomes = Collections.nCopies(batch.size(), UNKNOWN);
        try {
            outcomes = send(network, family, batch);
        } finally {
            for (Claim c : batch) {
                // After send: a committed claim's lease is in the index before its hold ends.
                index.unhold(network.uuid(), family, c.address().value());
            }
            List<Claim> next = handOver(group, batch);
            if (!next.isEmpty()) {
                next.get(0).turn().complete(new Lead(next));
            }
            for (int i = 1; i < batch.size(); i++) {
                batch.get(i).turn().complete(new Settled(outcomes.get(i)));
            }
        }
        return outcomes.get(0);
    }

    /** Ends the batch's turn: the next batch of waiting claims (empty when none waits: idle again). */
    private static List<Claim> handOver(Group group, List<Claim> finished) {
        synchronized (group) {
            finished.forEach(c -> group.owners.remove(c.owner()));
            if (group.waiting.isEmpty()) {
                group.inFlight = false;
                return List.of();
            }
            List<Claim> next = new ArrayList<>(Math.min(MAX_CLAIMS, group.waiting.size()));
            while (next.size() < MAX_CLAIMS && !group.waiting.isEmpty()) {
                next.add(group.waiting.poll());
            }
            return next;
        }
    }

    /** One transaction inserting every claim of the batch; each claim's outcome, in order. */
    private List<Outcome> send(Network network, IpFamily family, List<Claim> batch) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
        List<Handle<Uuid>> handles = new ArrayList<>(batch.size());
        for (Claim c : batch) {
            handles.add(tx.add(Insert.into(Lease.TABLE).row(Lease.columns(c.address(), c.host(), c.owner(), c.kind(), now)
                    .set(Lease.NETWORK, network.uuid()).build())));
        }
        try {
            TransactionResult result = calls.transact(tx);
            List<Lease> leases = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Claim c = batch.get(i);
                leases.add(new Lease(result.get(handles.get(i)), network.uuid(), c.address(),
                        MacAddress.derivedFrom(c.address()), c.host(), c.owner(), c.kind(), now));
            }
            leases.forEach(index::claimed);
            transactionsCommitted.increment();
            claimsCommitted.add(batch.size());
            return leases.stream().<Outcome>map(Committed::new).toList();
        } catch (TransactionException e) {
            failed(batch);
            if (e.error().equals(CONSTRAINT_VIOLATION)) {
                // The server refused the transaction as a whole: none of it committed.
                boolean owner = Leases.violatesOwnerIndex(e);
                if (!owner) {
                    markRefused(network, batch, e);
                }
                LOG.debug("grouped claims refused, each claims alone network={} claims={} index={} details={}",
                        network.name(), batch.size(), owner ? "owner" : "address", e.details().orElse(""));
                return Collections.nCopies(batch.size(), new FallBack(owner, !owner));
            }
            if (e.error().equals(REFERENTIAL_INTEGRITY)) {
                return Collections.nCopies(batch.size(), new FallBack(false, false)); // the network went
            }
            return unknown(network, batch, e);
        } catch (RuntimeException e) {
            failed(batch);
            return unknown(network, batch, e);
        }
    }

    private List<Outcome> unknown(Network network, List<Claim> batch, RuntimeException e) {
        LOG.info("grouped claims' outcome unknown, each will look its owner up network={} claims={} error={}",
                network.name(), batch.size(), e.getMessage());
        return Collections.nCopies(batch.size(), UNKNOWN);
    }

    /**
     * Marks taken the addresses the refusal names: ovsdb-server quotes the clashing values in its
     * details ("identical values (..., "10.0.0.7") for index on columns ..."). A hint only.
     */
    private void markRefused(Network network, List<Claim> batch, TransactionException e) {
        String details = e.details().orElse("");
        for (Claim c : batch) {
            if (details.contains("\"" + c.address() + "\"")) {
                index.markTaken(network.uuid(), c.address());
            }
        }
    }

    private void failed(List<Claim> batch) {
        transactionsFailed.increment();
        claimsFailed.add(batch.size());
    }

    /** Transactions of grouped claims that committed. */
    long transactionsCommitted() {
        return transactionsCommitted.sum();
    }

    /** Claims committed by grouped transactions. */
    long claimsCommitted() {
        return claimsCommitted.sum();
    }

    /** Transactions of grouped claims that failed (their claims went on alone). */
    long transactionsFailed() {
        return transactionsFailed.sum();
    }

    /** Claims whose grouped transaction failed. */
    long claimsFailed() {
        return claimsFailed.sum();
    }

    /**
     * For tests: makes the pool's claims wait as if a transaction were in flight, until the
     * returned action runs (once), which sends what waits. Fails if a claim is in flight.
     */
    Runnable holdDoor(Uuid network, IpFamily family) {
        Group group = groups.computeIfAbsent(new PoolKey(network, family), k -> new Group());
        synchronized (group) {
            if (group.inFlight) {
                throw new IllegalStateException("a grouped claim is in flight");
            }
            group.inFlight = true;
        }
        return () -> {
            List<Claim> next = handOver(group, List.of());
            if (!next.isEmpty()) {
                next.get(0).turn().complete(new Lead(next));
            }
        };
    }

    /** For tests: how many claims of the pool wait. */
    int waiting(Uuid network, IpFamily family) {
        Group group = groups.get(new PoolKey(network, family));
        if (group == null) {
            return 0;
        }
        synchronized (group) {
            return group.waiting.size();
        }
    }
}
