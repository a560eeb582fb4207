package io.ovsnet.agent.ovs;

import io.ovsnet.ovsdb.Failures;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.ovsdb.operation.Update;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Interface;
import io.ovsnet.ovsdb.vswitch.OpenVSwitch;
import io.ovsnet.ovsdb.vswitch.Port;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one bridge per host that holds container and tunnel ports (ARCHITECTURE.md decision 3). */
public final class IntegrationBridge {
    public static final String DEFAULT_NAME = "br-ovsnet";
    private static final Logger log = LoggerFactory.getLogger(IntegrationBridge.class);

    private final LocalSwitch sw;
    private final String name;

    public IntegrationBridge(LocalSwitch sw, String name) {
        this.sw = sw;
        this.name = name;
    }

    public String name() {
        return name;
    }

    LocalSwitch localSwitch() {
        return sw;
    }

    /**
     * Makes the bridge exist with {@code datapath} (with its internal port of the same name, like
     * {@code ovs-vsctl add-br}); sets the datapath type if the bridge exists with another.
     * Idempotent: when the bridge is as asked, nothing is written. Completes once ovs-vswitchd
     * applied any change.
     */
    public CompletableFuture<Void> ensure(DatapathType datapath) {
        return select().thenCompose(existing -> {
            if (existing.isPresent()) {
                if (existing.get().datapathType().equals(datapath.ovsName())) {
                    return CompletableFuture.completedFuture(null);
                }
                log.info("bridge datapath type changed bridge={} from={} to={}", name,
                        existing.get().datapathType(), datapath.ovsName());
                Transaction tx = Transaction.on(LocalSwitch.DATABASE);
                tx.add(Update.table(Bridge.TABLE).set(Bridge.DATAPATH_TYPE, datapath.ovsName())
                        .where(Condition.eq(Bridge.NAME, name)));
                return sw.reconfigure(tx).thenApply(r -> (Void) null);
            }
            return create(datapath);
        });
    }

    private CompletableFuture<Void> create(DatapathType datapath) {
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        Insert iface = Interface.insert(name, "internal").withUuidName("iface");
        Insert port = Port.insert(name, iface.ref()).withUuidName("port");
        Insert bridge = Bridge.insert(name).set(Bridge.PORTS, List.of(port.ref()))
                .set(Bridge.DATAPATH_TYPE, datapath.ovsName()).withUuidName("bridge");
        tx.add(iface);
        tx.add(port);
        tx.add(bridge);
        tx.add(Mutate.table(OpenVSwitch.TABLE).mutation(Mutation.insert(OpenVSwitch.BRIDGES, List.of(bridge.ref()))));
        return sw.reconfigure(tx).handle((r, failure) -> {
            if (failure == null) {
                log.info("bridge created bridge={} datapath={}", name, datapath.ovsName());
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (isConstraintViolation(failure)) {
                // Someone else created it between our select and insert (check it again), or the name
                // is taken by a port or interface of another bridge (trying again at once would loop).
                return select().thenCompose(now -> now.isPresent() ? ensure(datapath)
                        : CompletableFuture.<Void>failedFuture(new IllegalStateException("cannot create bridge " + name
                                + ": a port or interface of that name exists on another bridge")));
            }
            return CompletableFuture.<Void>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    /** The bridge row, if the bridge exists. */
    public CompletableFuture<Optional<Bridge>> select() {
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        Handle<List<Row>> rows = tx.add(Select.from(Bridge.TABLE).where(Condition.eq(Bridge.NAME, name)));
        return sw.transact(tx).thenApply(r -> r.get(rows).stream().findFirst().map(Bridge::new));
    }

    /**
     * The bridge as the monitored replica has it now: its row's UUID, the containers with a port on
     * it and the number of tunnel ports. No round trip; see {@link LocalSwitch#onChange} to be told
     * when it may have changed.
     */
    public BridgeView monitored() {
        Optional<Bridge> row = sw.monitored(Bridge.TABLE).stream().map(Bridge::new)
                .filter(b -> b.name().equals(name)).findFirst();
        if (row.isEmpty()) {
            return new BridgeView(Optional.empty(), Set.of(), 0);
        }
        Set<Uuid> onBridge = row.get().ports();
        Set<String> containers = new HashSet<>();
        int tunnels = 0;
        for (Row portRow : sw.monitored(Port.TABLE)) {
            if (!onBridge.contains(portRow.uuid())) {
                continue;
            }
            Map<String, String> ids = new Port(portRow).externalIds();
            if (ids.containsKey(BridgeSnapshot.TUNNEL_PEER)) {
                tunnels++;
            } else if (ids.containsKey(ContainerPort.CONTAINER_ID)) {
                containers.add(ids.get(ContainerPort.CONTAINER_ID));
            }
        }
        return new BridgeView(Optional.of(row.get().uuid()), containers, tunnels);
    }

    /** Has {@code listener} run after every change of the switch's monitored replica; see {@link LocalSwitch#onChange}. */
    public void onChange(Runnable listener) {
        sw.onChange(listener);
    }

    /** Reads the bridge with all its ports in one transaction; the basis of every reconcile. */
    public CompletableFuture<BridgeSnapshot> snapshot() {
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        Handle<List<Row>> bridges = tx.add(Select.from(Bridge.TABLE).where(Condition.eq(Bridge.NAME, name)));
        Handle<List<Row>> ports = tx.add(Select.from(Port.TABLE));
        Handle<List<Row>> ifaces = tx.add(Select.from(Interface.TABLE));
        return sw.transact(tx).thenApply(r -> new BridgeSnapshot(
                r.get(bridges).stream().findFirst().map(Bridge::new), r.get(ports), r.get(ifaces)));
    }

    /** Whether a failure is the server refusing a duplicate in a unique index (such as a port name). */
    static boolean isConstraintViolation(Throwable failure) {
        return Failures.unwrap(failure) instanceof TransactionException e && "constraint violation".equals(e.error());
    }
}
