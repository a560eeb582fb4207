package io.ovsnet.agent.ovs;

import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.Update;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Interface;
import io.ovsnet.ovsdb.vswitch.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adds and removes container ports ({@link ContainerPort}) on the integration bridge. */
public final class ContainerPorts {
    private static final Logger log = LoggerFactory.getLogger(ContainerPorts.class);

    private final IntegrationBridge bridge;

    public ContainerPorts(IntegrationBridge bridge) {
        this.bridge = bridge;
    }

    /**
     * Puts {@code port} on the bridge: an access port with its tag and external_ids, the
     * interface being the existing network device of the same name. Idempotent: a port of that
     * name with the same tag and external_ids is left alone (its UUID unchanged); one with other
     * values is updated in place. Completes once ovs-vswitchd applied the change.
     *
     * <p>A new port costs one transaction (the insert, which the server refuses when the name is
     * taken; only then is the existing port read and compared).
     */
    public CompletableFuture<Void> add(ContainerPort port) {
        return insert(port);
    }

    private CompletableFuture<Void> update(ContainerPort port) {
        return existing(port.name()).thenCompose(found -> {
            if (found.isEmpty()) {
                return insert(port);
            }
            Port have = found.get();
            if (have.tag().equals(Optional.of((long) port.tag())) && have.externalIds().equals(port.externalIds())) {
                return CompletableFuture.completedFuture(null);
            }
            Transaction tx = Transaction.on(LocalSwitch.DATABASE);
            tx.add(Update.table(Port.TABLE).set(Port.TAG, Optional.of((long) port.tag()))
                    .set(Port.EXTERNAL_IDS, port.externalIds()).where(Condition.eq(Port.NAME, port.name())));
            tx.add(Update.table(Interface.TABLE).set(Interface.EXTERNAL_IDS, port.externalIds())
                    .where(Condition.eq(Interface.NAME, port.name())));
            log.info("container port updated port={} container={} network={} tag={}", port.name(),
                    port.containerId(), port.network(), port.tag());
            return bridge.localSwitch().reconfigure(tx).thenApply(r -> (Void) null);
        });
    }

    private CompletableFuture<Void> insert(ContainerPort port) {
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        Insert iface = Interface.insert(port.name(), "").set(Interface.EXTERNAL_IDS, port.externalIds())
                .withUuidName("iface");
        Insert row = Port.insert(port.name(), iface.ref()).set(Port.TAG, Optional.of((long) port.tag()))
                .set(Port.EXTERNAL_IDS, port.externalIds()).withUuidName("port");
        tx.add(iface);
        tx.add(row);
        tx.add(Mutate.table(Bridge.TABLE).mutation(Mutation.insert(Bridge.PORTS, List.of(row.ref())))
                .where(Condition.eq(Bridge.NAME, bridge.name())));
        return bridge.localSwitch().reconfigure(tx).handle((r, failure) -> {
            if (failure == null) {
                log.info("container port added port={} container={} network={} tag={}", port.name(),
                        port.containerId(), port.network(), port.tag());
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (IntegrationBridge.isConstraintViolation(failure)) {
                return update(port);
            }
            return CompletableFuture.<Void>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    /**
     * Takes the port named {@code name} off the bridge (OVSDB then drops its Port and Interface
     * rows). Idempotent: a port that is not there is not an error. Completes once ovs-vswitchd
     * applied the change.
     */
    public CompletableFuture<Void> remove(String name) {
        return removeCommitted(name).thenCompose(applied -> applied);
    }

    /**
     * Like {@link #remove}, but completes once the server committed the removal; the inner future
     * completes when ovs-vswitchd applied it. The port's UUID comes from the monitored replica
     * (no read), or from a select when the replica does not have the port (yet).
     */
    public CompletableFuture<CompletableFuture<Void>> removeCommitted(String name) {
        Optional<Uuid> known = monitoredPorts().filter(p -> p.name().equals(name)).map(Port::uuid).findFirst();
        CompletableFuture<Optional<Uuid>> uuid = known.isPresent()
                ? CompletableFuture.completedFuture(known)
                : existing(name).thenApply(found -> found.map(Port::uuid));
        return uuid.thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(CompletableFuture.<Void>completedFuture(null));
            }
            Transaction tx = Transaction.on(LocalSwitch.DATABASE);
            tx.add(Mutate.table(Bridge.TABLE).mutation(Mutation.delete(Bridge.PORTS, List.of(found.get())))
                    .where(Condition.eq(Bridge.NAME, bridge.name())));
            log.info("container port removed port={}", name);
            return bridge.localSwitch().commit(tx).thenApply(LocalSwitch.Commit::applied);
        });
    }

    /**
     * The container ports of the bridge that belong to container {@code containerId}, from the
     * switch's monitored replica (no round trip): it holds every change this agent made once that
     * change was applied, and others' changes moments after they commit. Idempotent.
     */
    public CompletableFuture<List<ContainerPort>> ofContainer(String containerId) {
        return CompletableFuture.completedFuture(onBridge().stream()
                .filter(p -> p.containerId().equals(containerId)).toList());
    }

    /** The port of the Docker endpoint {@code endpoint}, from the monitored replica (see {@link #ofContainer}). */
    public Optional<ContainerPort> ofEndpoint(String endpoint) {
        return onBridge().stream().filter(p -> p.endpoint().equals(endpoint)).findFirst();
    }

    /**
     * Every container port of the bridge, from the monitored replica (see {@link #ofContainer}):
     * what a full {@link IntegrationBridge#snapshot()} would list, without reading every Port and
     * Interface row.
     */
    public List<ContainerPort> onBridge() {
        List<ContainerPort> found = new ArrayList<>();
        monitoredPorts().forEach(port -> {
            if (port.externalIds().containsKey(ContainerPort.CONTAINER_ID)) {
                ContainerPort.from(port.name(), port.externalIds(), port.tag()).ifPresent(found::add);
            }
        });
        return found;
    }

    /** The Port rows of the bridge in the monitored replica. */
    private Stream<Port> monitoredPorts() {
        LocalSwitch sw = bridge.localSwitch();
        Set<Uuid> onBridge = sw.monitored(Bridge.TABLE).stream().map(Bridge::new)
                .filter(b -> b.name().equals(bridge.name())).findFirst().map(Bridge::ports).orElse(Set.of());
        return sw.monitored(Port.TABLE).stream().filter(row -> onBridge.contains(row.uuid())).map(Port::new);
    }

    private CompletableFuture<Optional<Port>> existing(String name) {
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        Handle<List<Row>> rows = tx.add(Select.from(Port.TABLE).where(Condition.eq(Port.NAME, name)));
        return bridge.localSwitch().transact(tx).thenApply(r -> r.get(rows).stream().findFirst().map(Port::new));
    }
}
