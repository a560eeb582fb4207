package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Delete;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.ovsdb.operation.Update;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hosts of the store: register (and heartbeat), record their networks, remove. Every method blocks. */
public final class Hosts {
    private static final Logger LOG = LoggerFactory.getLogger(Hosts.class);

    private final StoreCalls calls;
    /** Whether the store's lack of {@code underlay_mtu} was logged since the column was last written. */
    private volatile boolean oldStoreLogged;

    Hosts(StoreCalls calls) {
        this.calls = calls;
    }

    /**
     * Creates or updates the host's row and sets {@code last_seen} to now; also the heartbeat.
     * Idempotent.
     */
    public void register(String name, Optional<String> tunnelIp, Optional<String> version) {
        register(name, tunnelIp, version, OptionalInt.empty());
    }

    /**
     * Creates or updates the host's row, with the MTU of its underlay when given, and sets
     * {@code last_seen} to now; also the heartbeat. A store whose schema predates
     * {@code underlay_mtu} (not upgraded yet) gets the row without it: logged once, tried again
     * at every call, so an upgrade of the store is picked up by the next heartbeat. Idempotent.
     */
    public void register(String name, Optional<String> tunnelIp, Optional<String> version, OptionalInt underlayMtu) {
        Row columns = Row.builder().set(Host.TUNNEL_IP, tunnelIp).set(Host.VERSION, version)
                .set(Host.LAST_SEEN, System.currentTimeMillis()).build();
        if (underlayMtu.isEmpty()) {
            write(name, tunnelIp, columns);
            return;
        }
        try {
            write(name, tunnelIp, columns.with(Host.UNDERLAY_MTU, (long) underlayMtu.getAsInt()));
            oldStoreLogged = false;
        } catch (OvsdbException e) {
            if (!lacksColumn(e, Host.UNDERLAY_MTU)) {
                throw e;
            }
            if (!oldStoreLogged) {
                oldStoreLogged = true;
                LOG.warn("store has no column {}.{}: host registered without its underlay MTU host={} reason={} "
                        + "(upgrade the store: see docs/operations.md, 'Upgrading the store')", Host.TABLE,
                        Host.UNDERLAY_MTU, name, e.getMessage());
            }
            write(name, tunnelIp, columns);
        }
    }

    /** Whether {@code e} says that the store's schema has no {@code column} (ovsdb-server names it in the details). */
    private static boolean lacksColumn(OvsdbException e, String column) {
        String message = String.valueOf(e.getMessage());
        return message.contains(column) && (message.contains("unknown column") || message.contains("No column"));
    }

    private void write(String name, Optional<String> tunnelIp, Row columns) {
        calls.retrying(() -> {
            Transaction update = Transaction.on(OvsNetSchema.DATABASE);
            Handle<Integer> matched = update.add(new Update(Host.TABLE, List.of(Condition.eq(Host.NAME, name)), columns));
            if (calls.transact(update).get(matched) > 0) {
                return null;
            }
            Transaction insert = Transaction.on(OvsNetSchema.DATABASE);
            insert.add(Insert.into(Host.TABLE).row(columns.with(Host.NAME, name)));
            try {
                calls.transact(insert);
                LOG.info("host registered host={} tunnelIp={}", name, tunnelIp.orElse(""));
            } catch (TransactionException e) {
                if (!e.error().equals("constraint violation")) {
                    throw e;
                }
                // Registered concurrently by another call: the next round updates it.
                throw new OvsdbException("try again", "host " + name + " was registered concurrently", true);
            }
            return null;
        });
    }

    /** Records that the host has endpoints in the network (a set insert). Idempotent. */
    public void joined(String name, Uuid network) {
        mutate(name, Mutation.insert(Host.NETWORKS, List.of(network)));
    }

    /** Records that the host has no more endpoints in the network. Idempotent. */
    public void left(String name, Uuid network) {
        mutate(name, Mutation.delete(Host.NETWORKS, List.of(network)));
    }

    /**
     * Removes the host and releases all its leases, in one transaction. Idempotent: removing an
     * unknown host releases nothing. Returns the number of leases released.
     */
    public int remove(String name) {
        int released = calls.retrying(() -> {
            Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
            Handle<Integer> leases = tx.add(Delete.from(Lease.TABLE).where(Condition.eq(Lease.HOST, name)));
            tx.add(Delete.from(Host.TABLE).where(Condition.eq(Host.NAME, name)));
            return calls.transact(tx).get(leases);
        });
        LOG.info("host removed host={} leasesReleased={}", name, released);
        return released;
    }

    /** Every host, by name. Idempotent. */
    public List<Host> list() {
        return calls.retrying(() -> calls.select(Select.from(Host.TABLE))).stream().map(Host::fromRow)
                .sorted(Comparator.comparing(Host::name)).toList();
    }

    private void mutate(String name, Mutation mutation) {
        calls.retrying(() -> {
            Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
            tx.add(Mutate.table(Host.TABLE).where(Condition.eq(Host.NAME, name)).mutation(mutation));
            return calls.transact(tx);
        });
    }
}
