package io.ovsnet.agent.ovs;

import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Interface;
import io.ovsnet.ovsdb.vswitch.Port;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integration bridge as OVSDB holds it at one moment: what ovsnet owns on it, recognised by
 * external_ids, never by name.
 */
public final class BridgeSnapshot {
    private static final Logger log = LoggerFactory.getLogger(BridgeSnapshot.class);

    /** Tunnel port external_ids: the network and the peer host. */
    public static final String TUNNEL_NETWORK = "ovsnet-network";
    public static final String TUNNEL_PEER = "ovsnet-peer";

    private final Optional<Bridge> bridge;
    private final Map<String, Uuid> portUuids = new HashMap<>();
    private final Set<String> namesInUse = new HashSet<>();
    private final List<ContainerPort> containerPorts = new ArrayList<>();
    private final List<TunnelPort> tunnelPorts = new ArrayList<>();
    /** Every Interface row of the database, by UUID. */
    private final Map<Uuid, Interface> interfaces = new HashMap<>();

    BridgeSnapshot(Optional<Bridge> bridge, Collection<Row> ports, Collection<Row> interfaces) {
        this.bridge = bridge;
        ports.forEach(row -> namesInUse.add(new Port(row).name()));
        interfaces.forEach(row -> {
            Interface iface = new Interface(row);
            namesInUse.add(iface.name());
            this.interfaces.put(row.uuid(), iface);
        });
        if (bridge.isEmpty()) {
            return;
        }
        Map<Uuid, Interface> ifaces = this.interfaces;
        for (Row row : ports) {
            Port port = new Port(row);
            if (!bridge.get().ports().contains(port.uuid())) {
                continue;
            }
            portUuids.put(port.name(), port.uuid());
            Map<String, String> ids = port.externalIds();
            if (ids.containsKey(TUNNEL_PEER)) {
                tunnel(port, ifaces).ifPresent(tunnelPorts::add);
            } else if (ids.containsKey(ContainerPort.CONTAINER_ID)) {
                ContainerPort.from(port.name(), ids, port.tag()).ifPresentOrElse(containerPorts::add,
                        () -> log.warn("container port with incomplete external_ids ignored port={}", port.name()));
            }
        }
    }

    private static Optional<TunnelPort> tunnel(Port port, Map<Uuid, Interface> ifaces) {
        Map<String, String> ids = port.externalIds();
        Optional<Interface> iface = port.interfaces().stream().map(ifaces::get).filter(i -> i != null).findFirst();
        try {
            Interface i = iface.orElseThrow(() -> new IllegalArgumentException("no interface"));
            return Optional.of(new TunnelPort(port.name(), ids.getOrDefault(TUNNEL_NETWORK, ""), ids.get(TUNNEL_PEER),
                    Encapsulation.ofOvsType(i.type()), i.options().getOrDefault("remote_ip", ""),
                    Long.parseLong(i.options().getOrDefault("key", "0")), port.tag().orElse(0L).intValue(),
                    port.isProtected()));
        } catch (IllegalArgumentException e) {
            log.warn("tunnel port not understood, ignored port={} reason={}", port.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The bridge row, empty when the bridge does not exist. */
    public Optional<Bridge> bridge() {
        return bridge;
    }

    /** The local VLAN ids recorded on the bridge. */
    public LocalVlans vlans() {
        return LocalVlans.fromExternalIds(bridge.map(Bridge::externalIds).orElse(Map.of()));
    }

    /** ovsnet's container ports on the bridge. */
    public List<ContainerPort> containerPorts() {
        return List.copyOf(containerPorts);
    }

    /** ovsnet's tunnel ports on the bridge. */
    public List<TunnelPort> tunnelPorts() {
        return List.copyOf(tunnelPorts);
    }

    /** Every Interface row of the database, on any bridge, with all its columns. */
    public Collection<Interface> interfaces() {
        return List.copyOf(interfaces.values());
    }

    /** Every Port and Interface name in the database, on any bridge: names a new port must not take. */
    public Set<String> namesInUse() {
        return Set.copyOf(namesInUse);
    }

    /** The UUID of the Port named {@code name} on the bridge, if it is there. */
    public Optional<Uuid> portUuid(String name) {
        return Optional.ofNullable(portUuids.get(name));
    }
}
