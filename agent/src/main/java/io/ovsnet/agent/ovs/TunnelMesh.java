package io.ovsnet.agent.ovs;

import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.MeshDiff;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.Update;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Interface;
import io.ovsnet.ovsdb.vswitch.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the tunnel mesh ({@link MeshDiff}) and the local VLAN ids to the integration bridge. */
public final class TunnelMesh {
    private static final Logger log = LoggerFactory.getLogger(TunnelMesh.class);

    private final IntegrationBridge bridge;

    public TunnelMesh(IntegrationBridge bridge) {
        this.bridge = bridge;
    }

    /**
     * Applies {@code diff}, computed against {@code actual}, and records {@code vlans} on the bridge,
     * in one transaction; completes once ovs-vswitchd applied it. Writes nothing when the diff is
     * empty and the VLAN ids are already recorded. Idempotent in effect: removing a port that is
     * gone already does nothing, and planning again against a new snapshot gives an empty diff.
     */
    public CompletableFuture<Void> apply(BridgeSnapshot actual, MeshDiff diff, LocalVlans vlans) {
        LocalVlans recorded = actual.vlans();
        if (diff.isEmpty() && recorded.equals(vlans)) {
            return CompletableFuture.completedFuture(null);
        }
        Transaction tx = Transaction.on(LocalSwitch.DATABASE);
        List<NamedUuid> added = new ArrayList<>();
        for (TunnelPort port : diff.add()) {
            Insert iface = Interface.insert(port.name(), port.encap().ovsType()).set(Interface.OPTIONS, options(port))
                    .withUuidName("iface" + added.size());
            Insert row = Port.insert(port.name(), iface.ref()).set(Port.TAG, Optional.of((long) port.tag()))
                    .set(Port.PROTECTED, port.split()).set(Port.EXTERNAL_IDS, externalIds(port))
                    .withUuidName("port" + added.size());
            tx.add(iface);
            tx.add(row);
            added.add(row.ref());
        }
        for (TunnelPort port : diff.modify()) {
            tx.add(Update.table(Interface.TABLE).set(Interface.TYPE, port.encap().ovsType())
                    .set(Interface.OPTIONS, options(port)).where(Condition.eq(Interface.NAME, port.name())));
            tx.add(Update.table(Port.TABLE).set(Port.TAG, Optional.of((long) port.tag()))
                    .set(Port.PROTECTED, port.split()).set(Port.EXTERNAL_IDS, externalIds(port))
                    .where(Condition.eq(Port.NAME, port.name())));
        }
        List<Uuid> removed = diff.remove().stream().map(p -> actual.portUuid(p.name())).flatMap(Optional::stream).toList();
        List<Mutation> bridgeChanges = new ArrayList<>();
        if (!added.isEmpty()) {
            bridgeChanges.add(Mutation.insert(Bridge.PORTS, added));
        }
        if (!removed.isEmpty()) {
            bridgeChanges.add(Mutation.delete(Bridge.PORTS, removed));
        }
        if (!recorded.equals(vlans)) {
            bridgeChanges.add(Mutation.delete(Bridge.EXTERNAL_IDS, Set.copyOf(recorded.toExternalIds().keySet())));
            bridgeChanges.add(Mutation.insert(Bridge.EXTERNAL_IDS, vlans.toExternalIds()));
        }
        if (!bridgeChanges.isEmpty()) {
            tx.add(Mutate.table(Bridge.TABLE).mutation(bridgeChanges.toArray(Mutation[]::new))
                    .where(Condition.eq(Bridge.NAME, bridge.name())));
        }
        return bridge.localSwitch().reconfigure(tx).thenRun(() -> log.info(
                "tunnel mesh applied bridge={} added={} removed={} modified={} vlans={}", bridge.name(),
                diff.add().size(), removed.size(), diff.modify().size(), vlans.byNetwork()));
    }

    private static Map<String, String> options(TunnelPort port) {
        return Map.of("remote_ip", port.remoteIp(), "key", Long.toString(port.key()));
    }

    private static Map<String, String> externalIds(TunnelPort port) {
        return Map.of(BridgeSnapshot.TUNNEL_NETWORK, port.network(), BridgeSnapshot.TUNNEL_PEER, port.peer());
    }
}
