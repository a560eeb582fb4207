package io.ovsnet.ipam.allocator;

import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.IpamException.Reason;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the shared address store (the OVSNet database): a monitor keeping a local
 * replica of the Network and Lease tables, and the {@link Networks}, {@link Leases} and
 * {@link Hosts} that work on it. Open one per process (or per simulated host); it is thread-safe.
 * Closing it closes its connections.
 *
 * <p>It uses two connections: one carries the monitor, the other the transactions. ovsdb-server
 * reads a client's next request only once it has sent that client everything queued for it, so on
 * a shared connection every claim would wait behind the monitor updates of every other host's
 * claims; measured with 8 allocating clients, separate connections gave two to three times the
 * allocation rate. The replica may then trail this client's own commits by a moment, which the
 * index covers by recording each claim as soon as it commits.
 */
public final class Ipam implements AutoCloseable {
    /** How long one request keeps retrying through reconnects and failovers before giving up. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);

    private final OvsdbClient client;
    private final OvsdbClient monitorClient;
    private final Networks networks;
    private final Leases leases;
    private final Hosts hosts;

    private Ipam(OvsdbClient client, OvsdbClient monitorClient, LeaseIndex index, Duration patience) {
        this.client = client;
        this.monitorClient = monitorClient;
        StoreCalls calls = new StoreCalls(client, patience);
        this.networks = new Networks(calls, index);
        this.leases = new Leases(calls, index, networks);
        this.hosts = new Hosts(calls);
    }

    /**
     * Connects, checks that the server has the OVSNet database, and fills the local replica.
     *
     * @throws IpamException STORE_UNAVAILABLE naming the remotes when that fails
     */
    public static Ipam connect(ClientOptions options, Duration patience) {
        return connect(options, patience, Optional.empty());
    }

    public static Ipam connect(ClientOptions options) {
        return connect(options, DEFAULT_PATIENCE);
    }

    /**
     * Connects as {@link #connect(ClientOptions, Duration)} does, for the agent of {@code host}: its
     * replica holds the networks and no leases, so that the store sends it nobody's claims; it
     * knows its host's leases from its own claims and reads the rest when it needs them
     * ({@link LeaseIndex}). Allocations through it should name {@code host}.
     */
    public static Ipam connectAs(String host, ClientOptions options, Duration patience) {
        if (host.isBlank()) {
            throw new IllegalArgumentException("a host name is needed to scope the store's replica");
        }
        return connect(options, patience, Optional.of(host));
    }

    public static Ipam connectAs(String host, ClientOptions options) {
        return connectAs(host, options, DEFAULT_PATIENCE);
    }

    private static Ipam connect(ClientOptions options, Duration patience, Optional<String> host) {
        String where = options.remotes().toString();
        OvsdbClient client = await(OvsdbClient.connect(options), options.connectTimeout().plusSeconds(5),
                "cannot connect to the address store at " + where);
        OvsdbClient monitorClient = null;
        try {
            monitorClient = await(OvsdbClient.connect(options), options.connectTimeout().plusSeconds(5),
                    "cannot connect to the address store at " + where);
            List<String> dbs = await(client.listDbs(), patience, "the address store at " + where + " did not answer");
            if (!dbs.contains(OvsNetSchema.DATABASE)) {
                throw new IpamException(Reason.STORE_UNAVAILABLE, "the server at " + where + " has no "
                        + OvsNetSchema.DATABASE + " database (it has " + dbs + "); create the store with"
                        + " 'ovsnet store create', or leave out --store to use the local one");
            }
            DatabaseSchema schema = await(client.getSchema(OvsNetSchema.DATABASE), patience,
                    "cannot read the OVSNet schema at " + where);
            Replica replica = new Replica(schema);
            LeaseIndex index = host.map(LeaseIndex::scopedTo).orElseGet(LeaseIndex::new);
            replica.addListener(index);
            List<MonitorRequest> tables = host.isPresent() ? List.of(MonitorRequest.of(Network.TABLE))
                    : List.of(MonitorRequest.of(Network.TABLE), MonitorRequest.of(Lease.TABLE));
            await(monitorClient.monitor(OvsNetSchema.DATABASE, tables, replica), patience,
                    "cannot monitor the address store at " + where);
            return new Ipam(client, monitorClient, index, patience);
        } catch (RuntimeException e) {
            client.close();
            if (monitorClient != null) {
                monitorClient.close();
            }
            throw e;
        }
    }

    public Networks networks() {
        return networks;
    }

    public Leases leases() {
        return leases;
    }

    public Hosts hosts() {
        return hosts;
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        client.close();
        monitorClient.close();
    }

    private static <T> T await(CompletableFuture<T> future, Duration limit, String what) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String cause = e.getCause() instanceof OvsdbException oe ? oe.getMessage() : String.valueOf(e.getCause());
            throw new IpamException(Reason.STORE_UNAVAILABLE, what + ": " + cause, e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IpamException(Reason.STORE_UNAVAILABLE, what + ": no answer within " + limit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamException(Reason.STORE_UNAVAILABLE, what + ": interrupted", e);
        }
    }
}
