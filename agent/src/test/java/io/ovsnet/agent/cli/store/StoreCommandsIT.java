package io.ovsnet.agent.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.cli.Main;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.testbed.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator commands against a real store, as a person runs them: output, exit code, one error line. */
class StoreCommandsIT {
    private static Path dir;
    private static Store store;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("ovsnet-cli-it");
        store = Store.standalone(OvsNetSchema.writeTo(dir.resolve("OVSNet.ovsschema")));
    }

    @AfterAll
    static void stop() throws IOException {
        if (store != null) {
            store.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs an ovsnet command line in-process through {@link Main#run}, capturing its output. */
    static Run ovsnet(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int exit = Main.run(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String[] withStore(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--store";
        all[args.length + 1] = store.remote();
        return all;
    }

    private static void assertOneErrorLine(Run run, String message) {
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).isEmpty();
        assertThat(errorLines(run)).containsExactly("ovsnet: " + message);
    }

    /**
     * Standard error without the libraries' INFO progress lines: the test JVM logs at INFO, while
     * {@code Main.main} sets the level to warn for a person's shell.
     */
    private static List<String> errorLines(Run run) {
        return run.err().lines().filter(l -> !l.matches("\\[[^]]+\\] (TRACE|DEBUG|INFO) .*")).toList();
    }

    @Test
    void networkLifecycleInTextAndJson() throws IOException {
        Run created = ovsnet(withStore("network", "create", "blue", "--subnet", "10.11.0.0/16", "--subnet",
                "fd00:11::/64", "--encap", "gre", "--vni", "4242", "--mtu", "1400"));
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("name:      blue").contains("vni:       4242")
                .contains("gateways:  10.11.0.1,fd00:11::1").contains("encap:     gre");

        Run ls = ovsnet(withStore("network", "ls"));
        assertThat(ls.out().lines().toList().get(0)).startsWith("NAME").contains("VNI").contains("SUBNETS");
        assertThat(ls.out().lines().filter(l -> l.startsWith("blue ")).toList()).singleElement().asString()
                .matches("blue +4242 +10\\.11\\.0\\.0/16,fd00:11::/64 +10\\.11\\.0\\.1,fd00:11::1 +gre +1400");

        JsonNode json = new ObjectMapper().readTree(ovsnet(withStore("network", "inspect", "blue", "--format", "json")).out());
        assertThat(json.path("vni").asLong()).isEqualTo(4242);
        assertThat(json.path("subnets").toString()).isEqualTo("[\"10.11.0.0/16\",\"fd00:11::/64\"]");
        assertThat(json.path("leases").asLong()).isEqualTo(2);

        Run reserved = ovsnet(withStore("lease", "reserve", "blue", "--ip", "10.11.3.4", "--owner", "router"));
        assertThat(reserved.out()).isEqualTo("10.11.3.4 02:6e:0a:0b:03:04 reserved router (network blue)\n");
        Run any = ovsnet(withStore("lease", "reserve", "blue", "--ipv6", "--owner", "probe", "--format", "json"));
        assertThat(new ObjectMapper().readTree(any.out()).path("address").asText()).startsWith("fd00:11::");

        Run leases = ovsnet(withStore("lease", "ls", "blue"));
        assertThat(leases.out().lines().toList().get(0)).startsWith("NETWORK").contains("ADDRESS").contains("OWNER");
        assertThat(leases.out()).contains("10.11.0.1").contains("gateway").contains("10.11.3.4").contains("router");

        assertThat(ovsnet(withStore("lease", "release", "blue", "10.11.3.4")).out()).isEqualTo("released 10.11.3.4\n");
        Run again = ovsnet(withStore("lease", "release", "blue", "10.11.3.4"));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("10.11.3.4 was not leased\n");

        assertThat(ovsnet(withStore("network", "rm", "blue")).exit()).isZero();
        assertThat(ovsnet(withStore("network", "ls")).out()).doesNotContain("blue");
    }

    @Test
    void badInputGivesOneClearLineAndNonZeroExit() {
        assertOneErrorLine(ovsnet(withStore("network", "create", "x", "--subnet", "10.1.0/16")),
                "malformed subnet '10.1.0/16': malformed IP address '10.1.0': an IPv4 address has four dot-separated"
                        + " numbers");
        assertOneErrorLine(ovsnet(withStore("network", "create", "x", "--subnet", "10.1.2.0/16")),
                "subnet 10.1.2.0/16 has host bits set; did you mean 10.1.0.0/16?");
        assertOneErrorLine(ovsnet(withStore("lease", "ls", "nosuch")),
                "unknown network 'nosuch' ('ovsnet network ls' lists the networks)");
        assertOneErrorLine(ovsnet(withStore("network", "rm", "nosuch")),
                "unknown network 'nosuch' ('ovsnet network ls' lists the networks)");

        assertThat(ovsnet(withStore("network", "create", "red", "--subnet", "10.12.0.0/24")).exit()).isZero();
        assertOneErrorLine(ovsnet(withStore("lease", "reserve", "red", "--ip", "10.13.0.5", "--owner", "o")),
                "address 10.13.0.5 is outside the subnet 10.12.0.0/24 (network red)");
        assertOneErrorLine(ovsnet(withStore("lease", "reserve", "red", "--ip", "10.12.0.300", "--owner", "o")),
                "malformed IP address '10.12.0.300': 300 is larger than 255");
        assertOneErrorLine(ovsnet(withStore("network", "create", "pink", "--subnet", "10.12.0.128/25")),
                "subnet 10.12.0.128/25 overlaps network red (10.12.0.0/24)");
        assertThat(ovsnet(withStore("lease", "reserve", "red", "--owner", "ctr")).exit()).isZero();
        assertOneErrorLine(ovsnet(withStore("lease", "reserve", "red", "--ip", "10.12.0.1", "--owner", "o")),
                "10.12.0.1 in network red is taken by gateway (gateway)");
        assertOneErrorLine(ovsnet(withStore("network", "ls", "--format", "yaml")),
                "unknown output format 'yaml': use --format text or --format json");
        Run unreachable = ovsnet("network", "ls", "--store", "tcp:127.0.0.1:1", "--timeout", "1");
        assertThat(unreachable.exit()).isNotZero();
        assertThat(errorLines(unreachable)).singleElement().asString()
                .startsWith("ovsnet: cannot connect to the address store at");
    }

    @Test
    void defaultIsALocalStoreUnderTheStateDirectory() throws IOException {
        Path state = dir.resolve("state");
        StoreServer local = new StoreServer(state);
        try {
            Run created = ovsnet("network", "create", "local-net", "--subnet", "10.14.0.0/24", "--state-dir",
                    state.toString());
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(local.runningPid()).isPresent();
            assertThat(ovsnet("network", "ls", "--state-dir", state.toString()).out()).contains("local-net");
            Run status = ovsnet("store", "status", "--state-dir", state.toString());
            assertThat(status.out()).startsWith("standalone store");
            Run json = ovsnet("store", "status", "--state-dir", state.toString(), "--format", "json");
            assertThat(new ObjectMapper().readTree(json.out()).path("status").asText()).startsWith("standalone store");
        } finally {
            local.stop();
        }
        assertOneErrorLine(ovsnet("store", "status", "--state-dir", state.toString()),
                "no store is running in " + state + " (start one with 'ovsnet store create', or run any command"
                        + " without --store to start the local one)");
    }
}
