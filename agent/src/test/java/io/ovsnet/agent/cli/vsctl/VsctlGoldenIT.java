package io.ovsnet.agent.cli.vsctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.agent.cli.Main;
import io.ovsnet.testbed.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests: every case runs through the real ovs-vsctl and through {@code ovsnet vsctl}
 * in-process against the same database; standard output, standard error and exit status must be
 * identical byte for byte. ovs-vsctl's error lines start with "ovs-vsctl: " and so do ours (see
 * {@link Vsctl#PROGRAM}); nothing is normalized.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VsctlGoldenIT {
    static {
        // The OVSDB client logs connections at INFO, which ovs-vsctl would not print.
        System.setProperty("org.slf4j.simpleLogger.log.io.ovsnet.ovsdb", "warn");
    }

    private static final List<String> TABLES = List.of("Open_vSwitch", "Bridge", "Port", "Interface",
            "Controller", "Manager", "NetFlow", "sFlow", "QoS", "Queue", "Mirror", "Flow_Table", "IPFIX",
            "SSL", "AutoAttach", "Flow_Sample_Collector_Set", "Datapath", "CT_Zone", "CT_Timeout_Policy");

    private VswitchFixture fixture;

    @BeforeAll
    void startDatabase() {
        fixture = VswitchFixture.start();
    }

    @AfterAll
    void stopDatabase() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** What one run printed and returned. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    /** {@code ovsnet vsctl --db=REMOTE ARGS...} in this JVM, its standard output and error captured. */
    private static Outcome ovsnet(String remote, List<String> args) {
        List<String> all = new ArrayList<>(List.of("vsctl", "--db=" + remote));
        all.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Outcome ovsnet(List<String> args) {
        return ovsnet(fixture.remote(), args);
    }

    private Outcome ovsVsctl(List<String> args) {
        CommandResult r = fixture.ovsVsctl(args);
        return new Outcome(r.exitCode(), r.stdout(), r.stderr());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void sameAsOvsVsctl(List<String> args) {
        Outcome expected = ovsVsctl(args);
        Outcome actual = ovsnet(args);
        assertThat(actual.stderr()).as("stderr of %s", args).isEqualTo(expected.stderr());
        assertThat(actual.stdout()).as("stdout of %s", args).isEqualTo(expected.stdout());
        assertThat(actual.exitCode()).as("exit status of %s", args).isEqualTo(expected.exitCode());
    }

    /** The cases above run over the unix socket; a few run again over TCP, a path of its own. */
    @ParameterizedTest(name = "[{index}] tcp {0}")
    @MethodSource("tcpCases")
    void sameAsOvsVsctlOverTcp(List<String> args) {
        List<String> withDb = new ArrayList<>(List.of("--db=" + fixture.tcpRemote()));
        withDb.addAll(args);
        CommandResult expected = io.ovsnet.testbed.CommandRunner.local().run(
                Stream.concat(Stream.of("ovs-vsctl"), withDb.stream()).toList());
        Outcome actual = ovsnet(fixture.tcpRemote(), args);
        assertThat(actual.stderr()).as("stderr of %s", withDb).isEqualTo(expected.stderr());
        assertThat(actual.stdout()).as("stdout of %s", withDb).isEqualTo(expected.stdout());
        assertThat(actual.exitCode()).as("exit status of %s", withDb).isEqualTo(expected.exitCode());
    }

    static Stream<List<String>> tcpCases() {
        return Stream.of(List.of("show"), List.of("list", "Interface"), List.of("--format=json", "list", "Port"),
                List.of("list-br", "--", "get", "Bridge", "br0", "name"), List.of("list", "nosuchtable"));
    }

    /**
     * A comma-separated list of remotes: the first that answers is read; when none does, the first
     * one's failure is reported. Port 1 of the loopback address refuses; the unix path is missing.
     * ovs-vsctl tries the remotes in a shuffled order, so when they fail for different reasons it
     * names either reason at random; there only the words around the reason are compared.
     */
    @ParameterizedTest(name = "[{index}] --db={0}")
    @MethodSource("remoteLists")
    void remoteListsAsOvsVsctl(String remotes) {
        String db = remotes.replace("GOOD_UNIX", fixture.remote()).replace("GOOD_TCP", fixture.tcpRemote())
                .replace("MISSING_UNIX", "unix:/run/ovsnet-no-such-dir/db.sock").replace("REFUSED_TCP", "tcp:127.0.0.1:1");
        List<String> args = List.of("--db=" + db, "list-br");
        CommandResult expected = io.ovsnet.testbed.CommandRunner.local().run(
                Stream.concat(Stream.of("ovs-vsctl"), args.stream()).toList());
        Outcome actual = ovsnet(db, List.of("list-br"));
        if (remotes.contains("MISSING_UNIX") && remotes.contains("REFUSED_TCP") && expected.exitCode() != 0) {
            assertThat(anyReason(actual.stderr())).as("stderr of %s", args).isEqualTo(anyReason(expected.stderr()))
                    .endsWith("database connection failed (REASON)\n");
        } else {
            assertThat(actual.stderr()).as("stderr of %s", args).isEqualTo(expected.stderr());
        }
        assertThat(actual.stdout()).as("stdout of %s", args).isEqualTo(expected.stdout());
        assertThat(actual.exitCode()).as("exit status of %s", args).isEqualTo(expected.exitCode());
    }

    private static String anyReason(String stderr) {
        return stderr.replace("(No such file or directory)", "(REASON)").replace("(Connection refused)", "(REASON)");
    }

    static Stream<String> remoteLists() {
        return Stream.of("MISSING_UNIX,GOOD_UNIX", "GOOD_UNIX,MISSING_UNIX", "REFUSED_TCP,GOOD_UNIX",
                "MISSING_UNIX,GOOD_TCP", "MISSING_UNIX,REFUSED_TCP", "REFUSED_TCP,MISSING_UNIX",
                "MISSING_UNIX,MISSING_UNIX", "REFUSED_TCP,REFUSED_TCP");
    }

    @Test
    void fixtureHasWhatTheCasesNeed() {
        Outcome bridges = ovsVsctl(List.of("list-br"));
        assertThat(bridges.stdout()).contains("br0\n", "fake10\n", "fake-zero\n", "fake4095\n");
        assertThat(ovsVsctl(List.of("--columns=name", "list", "Interface")).stdout().lines()
                .filter(l -> l.startsWith("name")).count()).isGreaterThan(100);
    }

    @Test
    void refusesCommandsThatWrite() {
        Outcome o = ovsnet(List.of("list-br", "--", "add-br", "brX"));
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stdout()).isEmpty();
        assertThat(o.stderr()).isEqualTo("ovs-vsctl: 'add-br' command would change the database, "
                + "and ovsnet vsctl only reads it (use ovs-vsctl)\n");
        assertThat(ovsVsctl(List.of("br-exists", "brX")).exitCode()).as("nothing was written").isEqualTo(2);
    }

    @Test
    void unreachableDatabaseIsOneLine() {
        List<String> args = List.of("--db=unix:/run/ovsnet-no-such-dir/db.sock", "list-br");
        CommandResult expected = io.ovsnet.testbed.CommandRunner.local().run(
                Stream.concat(Stream.of("ovs-vsctl"), args.stream()).toList());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(Stream.concat(Stream.of("vsctl"), args.stream()).toArray(String[]::new));
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected.stderr());
        assertThat(code).isEqualTo(expected.exitCode()).isEqualTo(1);
    }

    static Stream<List<String>> cases() {
        List<List<String>> c = new ArrayList<>();
        // show and the bridge commands
        c.add(List.of("show"));
        c.add(List.of("--oneline", "show"));
        c.add(List.of("list-br"));
        c.add(List.of("list-br", "--real"));
        c.add(List.of("--fake", "list-br"));
        c.add(List.of("--", "--real", "list-br", "--", "--fake", "list-br"));
        List<String> bridges = new ArrayList<>(List.of("fake10", "fake20", "fake-zero", "fake4095", "nobridge", "p0-0"));
        for (int b = 0; b < VswitchFixture.REAL_BRIDGES; b++) {
            bridges.add("br" + b);
        }
        for (String br : bridges) {
            c.add(List.of("br-exists", br));
            c.add(List.of("br-to-vlan", br));
            c.add(List.of("br-to-parent", br));
            c.add(List.of("list-ports", br));
            c.add(List.of("list-ifaces", br));
        }
        for (String name : List.of("p0-0", "p1-3", "bond2", "b2a", "f10p1", "f20p1", "fzp1", "fake10", "br0",
                "nothing", "p7-11")) {
            c.add(List.of("port-to-br", name));
            c.add(List.of("iface-to-br", name));
        }
        // list in every format and cell style
        for (String table : TABLES) {
            c.add(List.of("list", table));
            for (String format : List.of("table", "csv", "json", "html")) {
                c.add(List.of("--format=" + format, "list", table));
            }
            c.add(List.of("--bare", "list", table));
        }
        for (String format : List.of("list", "table", "csv", "json", "html")) {
            for (String data : List.of("string", "bare", "json")) {
                c.add(List.of("-f", format, "-d", data, "list", "Interface"));
                c.add(List.of("--format=" + format, "--data=" + data, "--no-headings", "list", "Port"));
                c.add(List.of("--format=" + format, "--data=" + data, "--columns=name,external_ids,_uuid,options",
                        "find", "Interface", "type=vxlan"));
            }
        }
        c.add(List.of("--format=json", "--pretty", "list", "Bridge"));
        c.add(List.of("--pretty", "-f", "json", "--columns=name,ports", "list", "Bridge", "br0", "br1"));
        c.add(List.of("--format=table", "--max-column-width=10", "list", "Interface"));
        c.add(List.of("-ftable", "-dbare", "list", "Bridge"));
        c.add(List.of("--form=csv", "--da=json", "list", "Manager"));
        // records named by name, UUID prefix, "." and not at all
        c.add(List.of("list", "Bridge", "br0", "fake10"));
        c.add(List.of("list", "Bridge", "nosuch"));
        c.add(List.of("--if-exists", "list", "Bridge", "nosuch", "br1"));
        c.add(List.of("list", "Open_vSwitch", "."));
        c.add(List.of("list", "Port", "."));
        c.add(List.of("list", "Controller", "br0"));
        c.add(List.of("list", "Controller", "br3"));
        c.add(List.of("list", "QoS", "p0-0"));
        c.add(List.of("list", "NetFlow", "br1"));
        c.add(List.of("list", "sFlow", "br2", "br3"));
        c.add(List.of("list", "Manager", "ptcp:6640:127.0.0.1"));
        c.add(List.of("list", "Interface", "0"));
        c.add(List.of("list", "Interface", "00000000"));
        c.add(List.of("list", "Flow_Table", "table0"));
        c.add(List.of("list", "Mirror", "mirror one"));
        c.add(List.of("--columns=name,tag,trunks", "list", "Port"));
        c.add(List.of("--columns=_uuid", "list", "Bridge"));
        c.add(List.of("--columns=nam", "list", "Bridge"));
        c.add(List.of("--columns=s", "list", "Bridge"));
        c.add(List.of("--columns=nosuch", "list", "Bridge"));
        c.add(List.of("--columns=", "list", "Bridge"));
        c.add(List.of("list", "bri"));
        c.add(List.of("list", "interface"));
        c.add(List.of("list", "f"));
        c.add(List.of("list", "flow_t"));
        c.add(List.of("list", "nosuchtable"));
        c.add(List.of("list", "open-vswitch"));
        // find
        for (String cond : List.of("name=br0", "name!=br0", "tag=3", "tag>=3", "tag<5", "tag=[]", "trunks{>=}4000",
                "trunks{=}[]", "trunks{in}[2,101,4000,5]", "trunks{not-in}[2]", "external_ids:note=plain",
                "external_ids:note=\"a b\"", "external_ids:note!=plain", "external_ids:n{<=}3",
                "external_ids:n>5", "vlan_mode=trunk", "fake_bridge=true", "name=nosuch",
                "external_ids={}", "other_config:priority-tags=true")) {
            c.add(List.of("find", "Port", cond));
        }
        for (String cond : List.of("type=vxlan", "type=internal", "options:key=105", "options:remote_ip=\"192.0.2.3\"",
                "options{>=}{}", "external_ids:n=3", "mtu_request>1405", "mtu_request<=1402",
                "external_ids:note=\"ünïcödé\"", "external_ids:note=\"say \\\"hi\\\"\"", "bfd:enable=true")) {
            c.add(List.of("--columns=name,type,options", "find", "Interface", cond));
        }
        c.add(List.of("find", "Interface", "type=vxlan", "options:key=105"));
        c.add(List.of("find", "Bridge"));
        c.add(List.of("find", "Bridge", "nosuch=1"));
        c.add(List.of("find", "Bridge", "name"));
        c.add(List.of("find", "Bridge", "name~x"));
        c.add(List.of("find", "Bridge", "name:x=1"));
        c.add(List.of("find", "Port", "tag=abc"));
        c.add(List.of("find", "Port", "tag=1,2"));
        c.add(List.of("find", "Bridge", "stp_enable=maybe"));
        // get
        c.add(List.of("get", "Bridge", "br0", "name", "datapath_type", "fail_mode", "external_ids", "_uuid"));
        c.add(List.of("get", "Bridge", "br0", "external_ids:owner", "external_ids:index"));
        c.add(List.of("get", "Bridge", "br0", "external_ids:missing"));
        c.add(List.of("--if-exists", "get", "Bridge", "br0", "external_ids:missing"));
        c.add(List.of("--if-exists", "get", "Bridge", "nosuch", "name"));
        c.add(List.of("get", "Bridge", "nosuch", "name"));
        c.add(List.of("get", "Bridge", "br0", "nosuch"));
        c.add(List.of("get", "Bridge", "br0", "name:key"));
        c.add(List.of("get", "Bridge", "br0", "s"));
        c.add(List.of("get", "Bridge", "br0", "name", "-uuid"));
        c.add(List.of("--id=@b", "get", "Bridge", "br1", "name"));
        c.add(List.of("--id=b", "get", "Bridge", "br1", "name"));
        c.add(List.of("--id=@b", "--if-exists", "get", "Bridge", "br1", "name"));
        c.add(List.of("--id=@b", "get", "Bridge", "br1", "--", "--id=@b", "get", "Bridge", "br2"));
        c.add(List.of("get", "Open_vSwitch", ".", "external_ids", "ovs_version", "manager_options"));
        c.add(List.of("get", "Interface", "p0-1", "options", "options:key", "options:note", "type", "mtu_request"));
        c.add(List.of("get", "Port", "p0-1", "trunks", "tag", "interfaces"));
        c.add(List.of("get", "Port", "bond0", "bond_mode", "lacp", "other_config:lacp-time"));
        for (int i = 0; i < VswitchFixture.PORTS_PER_BRIDGE; i++) {
            c.add(List.of("get", "Interface", "p3-" + i, "external_ids:note", "external_ids", "type", "options"));
        }
        c.add(List.of("get", "Interface", "p0-1", "options:\"key\""));
        c.add(List.of("get", "Interface", "p0-1", "options:\"key"));
        c.add(List.of("get", "Interface", "p0-1", "options:ke\\y"));
        c.add(List.of("get", "Bridge", "br0", "name="));
        c.add(List.of("get", "Bridge", "br0", ":x"));
        c.add(List.of("get", "Bridge", "br0"));
        // the other read-only commands
        for (String br : List.of("br0", "br1", "br3", "fake10", "fake-zero", "nosuch")) {
            c.add(List.of("get-controller", br));
            c.add(List.of("get-fail-mode", br));
            c.add(List.of("br-get-external-id", br));
            c.add(List.of("br-get-external-id", br, "purpose"));
            c.add(List.of("br-get-external-id", br, "owner"));
        }
        c.add(List.of("get-manager"));
        c.add(List.of("get-ssl"));
        c.add(List.of("comment", "anything", "--", "list-br"));
        c.add(List.of("--oneline", "get-controller", "br0", "--", "get-manager", "--", "get-ssl"));
        // several commands
        c.add(List.of("list-br", "--", "list-ports", "br1", "--", "get", "Bridge", "br1", "name", "--", "show"));
        c.add(List.of("--format=table", "list", "Bridge", "--", "list", "Manager", "--", "list-br"));
        c.add(List.of("--format=csv", "list", "Bridge", "--", "list", "Manager"));
        c.add(List.of("--format=html", "list", "Mirror", "--", "list", "Manager"));
        c.add(List.of("--format=json", "list", "Mirror", "--", "list", "Manager"));
        c.add(List.of("--oneline", "list-br", "--", "list-ports", "br0", "--", "get", "Bridge", "br0", "external_ids"));
        c.add(List.of("list-br", "--", "br-exists", "nosuch", "--", "list-br"));
        c.add(List.of("list-br", "--", "list-ports", "nosuch", "--", "list-br"));
        c.add(List.of("list-br", "--", "list", "nosuchtable"));
        c.add(List.of("list-br", "--", "--if-exists", "list", "Bridge", "zz"));
        // rows referenced by other monitored tables enter ovs-vsctl's IDL early, which changes their order
        c.add(List.of("list", "Port", "--", "list", "Interface"));
        c.add(List.of("--columns=_uuid,interfaces", "list", "Port", "--", "--columns=name", "list", "Interface"));
        c.add(List.of("--columns=name", "list", "Port", "--", "--columns=name", "list", "Interface"));
        c.add(List.of("list", "Bridge", "--", "list", "Controller", "--", "list", "Mirror", "--", "list", "Port"));
        c.add(List.of("list-br", "--", "--columns=name,ofport", "list", "Interface"));
        c.add(List.of("--columns=name", "find", "Port", "qos!=[]", "--", "list", "QoS", "--", "list", "Queue"));
        c.add(List.of("list", "Open_vSwitch", "--", "--columns=name", "list", "Bridge", "--", "list", "Manager"));
        c.add(List.of("show", "--", "--columns=name,type", "list", "Interface"));
        c.add(List.of("--columns=name", "list", "Interface", "--", "--columns=name", "list", "Port"));
        c.add(List.of("list", "Bridge", "--", "list", "Port", "--", "list", "Interface", "--", "list", "Mirror",
                "--", "list", "QoS", "--", "list", "Queue", "--", "list", "Controller", "--", "list", "NetFlow"));
        c.add(List.of("list-ports", "br0", "--", "find", "Interface", "type=internal"));
        // usage errors
        c.add(List.of());
        c.add(List.of("--"));
        c.add(List.of("nosuchcommand"));
        c.add(List.of("list-br", "extra"));
        c.add(List.of("list-br", "--x"));
        c.add(List.of("list"));
        c.add(List.of("get", "Bridge"));
        c.add(List.of("--foo", "list-br"));
        c.add(List.of("--no", "list-br"));
        c.add(List.of("--i", "list-br"));
        c.add(List.of("-x", "list-br"));
        c.add(List.of("-f"));
        c.add(List.of("--format"));
        c.add(List.of("--format=yaml", "list-br"));
        c.add(List.of("--data=yaml", "list-br"));
        c.add(List.of("--bare=1", "list-br"));
        c.add(List.of("--timeout=0", "list-br"));
        c.add(List.of("--timeout=5", "list-br"));
        c.add(List.of("--if-exists", "list-br"));
        c.add(List.of("--columns", "list-br"));
        c.add(List.of("--", "--columns", "list", "Bridge"));
        c.add(List.of("--", "--if-exists=1", "get", "Bridge", "br0"));
        c.add(List.of("--", "--if-exists", "--if-exists", "get", "Bridge", "br0"));
        c.add(List.of("--real"));
        c.add(List.of("list-br", "--", "--"));
        c.add(List.of("--no-wait", "--retry", "--no-syslog", "list-br"));
        return c.stream();
    }
}
