package io.ovsnet.agent.cli.vsctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ovs-vsctl's view of bridges, ports and interfaces (vsctl_context_populate_cache() in
 * utilities/ovs-vsctl.c): real bridges from {@code Open_vSwitch.bridges}, plus a "fake" bridge
 * for each port with {@code fake_bridge=true} and a VLAN tag; a port tagged with a fake bridge's
 * VLAN belongs to that fake bridge. Duplicate names are skipped as ovs-vsctl skips them.
 */
final class BridgeCache {
    /**
     * One bridge, real ({@code parent == null}) or fake; {@code row} is its Bridge row, or for
     * a fake bridge the Port row that makes it.
     */
    static final class Bridge {
        final String name;
        final Bridge parent;
        final int vlan;
        final DbRow row;
        final List<Port> ports = new ArrayList<>();
        final Map<Integer, Bridge> children = new HashMap<>();

        Bridge(String name, Bridge parent, int vlan, DbRow row) {
            this.name = name;
            this.parent = parent;
            this.vlan = vlan;
            this.row = row;
        }
    }

    /** One port and the bridge it is on. */
    record Port(String name, Bridge bridge, List<String> interfaces) {
    }

    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final Map<String, Port> ports = new HashMap<>();
    private final Map<String, Port> ifaces = new HashMap<>();

    /** The columns ovs-vsctl reads for its cache (pre_get_info()), a few more than the cache uses. */
    static void require(ReadSet reads) {
        reads.column("Open_vSwitch", "bridges");
        reads.columns("Bridge", List.of("name", "controller", "fail_mode", "ports"));
        reads.columns("Port", List.of("name", "fake_bridge", "tag", "interfaces"));
        reads.columns("Interface", List.of("name", "ofport", "error"));
    }

    BridgeCache(Snapshot db) {
        List<DbRow> switches = db.rows("Open_vSwitch");
        List<DbRow> bridgeRows = new ArrayList<>();
        if (!switches.isEmpty()) {
            Map<String, DbRow> byUuid = db.byUuid("Bridge");
            for (Object uuid : switches.get(0).get("bridges").keys()) {
                DbRow b = byUuid.get((String) uuid);
                if (b != null) {
                    bridgeRows.add(b);
                }
            }
        }
        Map<String, DbRow> portsByUuid = db.byUuid("Port");
        Map<String, DbRow> ifacesByUuid = db.byUuid("Interface");

        Set<String> bridgeNames = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        for (DbRow b : bridgeRows) {
            String name = (String) b.scalar("name");
            if (!bridgeNames.add(name)) {
                continue;
            }
            Bridge br = addBridge(name, null, 0, b);
            for (DbRow p : refs(b, "ports", portsByUuid)) {
                String portName = (String) p.scalar("name");
                if (!portNames.add(portName)) {
                    continue;
                }
                if (isFakeBridge(p) && bridgeNames.add(portName)) {
                    addBridge(portName, br, tag(p), p);
                }
            }
        }

        bridgeNames.clear();
        for (DbRow b : bridgeRows) {
            String name = (String) b.scalar("name");
            if (!bridgeNames.add(name)) {
                continue;
            }
            Bridge br = bridges.get(name);
            for (DbRow p : refs(b, "ports", portsByUuid)) {
                String portName = (String) p.scalar("name");
                if (ports.containsKey(portName)) {
                    continue;
                }
                if (isFakeBridge(p) && !bridgeNames.add(portName)) {
                    continue;
                }
                Bridge owner = br;
                Integer tag = tag(p);
                if (tag != null && br.children.containsKey(tag)) {
                    owner = br.children.get(tag);
                }
                List<String> names = new ArrayList<>();
                Port port = new Port(portName, owner, names);
                owner.ports.add(port);
                ports.put(portName, port);
                for (DbRow iface : refs(p, "interfaces", ifacesByUuid)) {
                    String ifaceName = (String) iface.scalar("name");
                    if (!ifaces.containsKey(ifaceName)) {
                        names.add(ifaceName);
                        ifaces.put(ifaceName, port);
                    }
                }
            }
        }
    }

    private Bridge addBridge(String name, Bridge parent, int vlan, DbRow row) {
        Bridge br = new Bridge(name, parent, vlan, row);
        if (parent != null) {
            parent.children.putIfAbsent(br.vlan, br);
        }
        bridges.put(name, br);
        return br;
    }

    private static List<DbRow> refs(DbRow row, String column, Map<String, DbRow> target) {
        List<DbRow> out = new ArrayList<>();
        for (Object uuid : row.get(column).keys()) {
            DbRow r = target.get((String) uuid);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The port's VLAN tag if it is a valid VLAN (0 to 4095), else null. */
    private static Integer tag(DbRow port) {
        Object tag = port.scalar("tag");
        if (tag == null) {
            return null;
        }
        long t = (Long) tag;
        return t >= 0 && t <= 4095 ? (int) t : null;
    }

    private static boolean isFakeBridge(DbRow port) {
        return Boolean.TRUE.equals(port.scalar("fake_bridge")) && tag(port) != null;
    }

    Iterable<Bridge> bridges() {
        return bridges.values();
    }

    /** find_bridge(). */
    Bridge bridge(String name, boolean mustExist) {
        Bridge br = bridges.get(name);
        if (br == null && mustExist) {
            throw new VsctlException("no bridge named " + name);
        }
        return br;
    }

    /** find_port(): a port that is the bridge's own port does not count. */
    Port port(String name) {
        Port p = ports.get(name);
        if (p == null || name.equals(p.bridge().name)) {
            throw new VsctlException("no port named " + name);
        }
        return p;
    }

    /** find_iface(): an interface named like its bridge does not count. */
    Port portOfInterface(String name) {
        Port p = ifaces.get(name);
        if (p == null || name.equals(p.bridge().name)) {
            throw new VsctlException("no interface named " + name);
        }
        return p;
    }
}
