package io.ovsnet.agent.cli.vsctl;

import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.CommandRunner;
import io.ovsnet.testbed.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private ovsdb-server with the Open_vSwitch schema, filled by the real ovs-vsctl with a
 * switch that exercises every output rule: real and fake bridges, ports of many interface types,
 * VLAN tags and trunks, bonds, controllers, managers, QoS, mirrors, and options and external_ids
 * whose values need quoting. UUIDs differ on every run, so row order is tested anew each time.
 */
final class VswitchFixture implements AutoCloseable {
    static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    /** Values that exercise ovs-vsctl's quoting rules, as ovs-vsctl arguments (JSON-quoted where needed). */
    static final List<String> TRICKY_VALUES = List.of(
            "plain", "\"123\"", "\"a b\"", "\"x=y\"", "\"a,b\"", "\"say \\\"hi\\\"\"", "\"back\\\\slash\"",
            "\"\"", "\"ünïcödé\"", "\"true\"", "\"false\"", "\"-lead\"", "\"tab\\there\"", "\"line\\nbreak\"",
            "under_score", "dot.ted", "\"12345678-1234-1234-1234-123456789abc\"", "\"日本\"", "\"{brace}\"",
            "\"[x]\"", "\"a:b\"", "\"<tag>&amp\"", "\"9lives\"");

    static final int REAL_BRIDGES = 8;
    static final int PORTS_PER_BRIDGE = 12;

    private final Store store;

    private VswitchFixture(Store store) {
        this.store = store;
    }

    static VswitchFixture start() {
        Store store = Store.standalone(SCHEMA);
        VswitchFixture f = new VswitchFixture(store);
        try {
            f.populate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return f;
    }

    String remote() {
        return store.unixRemote();
    }

    /** The same database over TCP ({@code tcp:127.0.0.1:PORT}). */
    String tcpRemote() {
        return store.remote();
    }

    /** Runs the real ovs-vsctl against the fixture's database. */
    CommandResult ovsVsctl(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("ovs-vsctl");
        command.add("--db=" + remote());
        command.addAll(args);
        return CommandRunner.local().run(command);
    }

    private void vsctl(List<String> commands) {
        List<String> args = new ArrayList<>(List.of("--no-wait"));
        args.addAll(commands);
        CommandResult r = ovsVsctl(args);
        if (!r.succeeded()) {
            throw new IllegalStateException("populating the fixture failed: " + r);
        }
    }

    private void populate() {
        List<String> c = new ArrayList<>(List.of("init"));
        for (int b = 0; b < REAL_BRIDGES; b++) {
            String br = "br" + b;
            add(c, "add-br", br);
            add(c, "set", "Bridge", br, "external_ids:owner=" + TRICKY_VALUES.get(b % TRICKY_VALUES.size()),
                    "external_ids:index=" + b, "other_config:hwaddr=\"00:11:22:33:44:0" + b + "\"");
            if (b % 2 == 0) {
                add(c, "set", "Bridge", br, "datapath_type=netdev", "fail_mode=secure");
            } else {
                add(c, "set", "Bridge", br, "fail_mode=standalone", "stp_enable=true", "protocols=OpenFlow13,OpenFlow15");
            }
        }
        // Fake bridges: VLAN children of real bridges, some with ports of their own.
        add(c, "add-br", "fake10", "br0", "10");
        add(c, "add-br", "fake20", "br0", "20");
        add(c, "add-br", "fake-zero", "br1", "0");
        add(c, "add-br", "fake4095", "br2", "4095");
        add(c, "add-port", "fake10", "f10p1");
        add(c, "add-port", "fake10", "f10p2");
        add(c, "add-port", "fake20", "f20p1");
        add(c, "add-port", "fake-zero", "fzp1");
        vsctl(c);

        String[] types = {"internal", "vxlan", "gre", "geneve", "patch", "dummy", "system", "stt", "erspan", "tap"};
        for (int b = 0; b < REAL_BRIDGES; b++) {
            c = new ArrayList<>();
            String br = "br" + b;
            for (int p = 0; p < PORTS_PER_BRIDGE; p++) {
                String port = "p" + b + "-" + p;
                String type = types[(b + p) % types.length];
                String tricky = TRICKY_VALUES.get((b * PORTS_PER_BRIDGE + p) % TRICKY_VALUES.size());
                if (p == 5) {
                    add(c, "add-bond", br, "bond" + b, "b" + b + "a", "b" + b + "b", "b" + b + "c",
                            "bond_mode=balance-slb", "lacp=active", "other_config:lacp-time=fast");
                    continue;
                }
                add(c, "add-port", br, port, "--", "set", "Interface", port, "type=" + type);
                switch (type) {
                    case "vxlan": case "gre": case "geneve": case "stt": case "erspan":
                        add(c, "set", "Interface", port, "options:remote_ip=192.0.2." + (p + 1),
                                "options:key=" + (100 + p), "options:note=" + tricky);
                        break;
                    case "patch":
                        add(c, "set", "Interface", port, "options:peer=p" + ((b + 1) % REAL_BRIDGES) + "-" + p);
                        break;
                    default:
                        add(c, "set", "Interface", port, "external_ids:attached-mac=\"02:00:00:00:0" + b + ":" + (10 + p) + "\"");
                }
                add(c, "set", "Interface", port, "external_ids:note=" + tricky, "external_ids:n=" + p,
                        "mtu_request=" + (1400 + p));
                if (p % 3 == 0) {
                    add(c, "set", "Port", port, "tag=" + (p + b));
                } else if (p % 3 == 1) {
                    add(c, "set", "Port", port, "trunks=" + (p + 1) + "," + (p + 100) + ",4000", "vlan_mode=trunk");
                } else {
                    add(c, "set", "Port", port, "external_ids:container_id=" + tricky, "other_config:priority-tags=true");
                }
            }
            vsctl(c);
        }
        c = new ArrayList<>();
        add(c, "set-controller", "br0", "tcp:192.0.2.1:6653", "ptcp:6654:127.0.0.1");
        add(c, "set-controller", "br3", "unix:/tmp/ovsnet-nothing.sock");
        add(c, "set-manager", "ptcp:6640:127.0.0.1", "punix:/tmp/ovsnet-manager.sock");
        add(c, "set", "Open_vSwitch", ".", "external_ids:system-id=\"host 1\"", "ovs_version=\"3.1.0\"",
                "other_config:n-handler-threads=2");
        add(c, "--", "--id=@nf", "create", "NetFlow", "targets=\"192.0.2.9:5566\"", "active_timeout=30",
                "--", "set", "Bridge", "br1", "netflow=@nf");
        add(c, "--", "--id=@sf", "create", "sFlow", "agent=lo", "targets=\"192.0.2.9:6343\"", "sampling=64",
                "--", "set", "Bridge", "br2", "sflow=@sf");
        add(c, "--", "--id=@q0", "create", "Queue", "other_config:min-rate=1000000", "dscp=10",
                "--", "--id=@q1", "create", "Queue", "other_config:max-rate=2000000",
                "--", "--id=@qos", "create", "QoS", "type=linux-htb", "queues:0=@q0", "queues:7=@q1",
                "other_config:max-rate=9000000", "--", "set", "Port", "p0-0", "qos=@qos");
        add(c, "--", "--id=@m", "create", "Mirror", "name=\"mirror one\"", "select_all=true",
                "--", "add", "Bridge", "br4", "mirrors", "@m");
        add(c, "--", "--id=@ft", "create", "Flow_Table", "name=table0", "flow_limit=1000",
                "--", "set", "Bridge", "br5", "flow_tables:0=@ft");
        add(c, "--", "--id=@ipfix", "create", "IPFIX", "targets=\"192.0.2.7:4739\"", "obs_domain_id=5",
                "--", "set", "Bridge", "br6", "ipfix=@ipfix");
        add(c, "set", "Interface", "p1-3", "bfd:enable=true", "bfd:min_tx=100");
        add(c, "set", "Port", "p2-2", "fake_bridge=false");
        add(c, "set-ssl", "/etc/ovsnet/key.pem", "/etc/ovsnet/cert.pem", "/etc/ovsnet/ca cert.pem");
        add(c, "br-set-external-id", "fake10", "purpose", "vlan ten");
        add(c, "br-set-external-id", "fake10", "owner", "team=a");
        vsctl(c);
    }

    private static void add(List<String> commands, String... words) {
        if (!commands.isEmpty() && !words[0].equals("--")) {
            commands.add("--");
        }
        commands.addAll(List.of(words));
    }

    @Override
    public void close() {
        store.close();
    }
}
