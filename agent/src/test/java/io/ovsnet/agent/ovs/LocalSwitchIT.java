package io.ovsnet.agent.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.schema.SchemaMismatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalSwitch#reconfigure} against an ovsdb-server without ovs-vswitchd: nothing applies
 * the configuration, so the wait must fail clearly (and the transaction stay committed).
 */
class LocalSwitchIT {
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private Path dir;
    private Process server;
    private OvsdbClient client;

    @BeforeEach
    void startOvsdbServer() throws Exception {
        if (!Files.isReadable(SCHEMA) || !Files.isExecutable(Path.of("/usr/sbin/ovsdb-server"))) {
            throw new IllegalStateException("this test needs openvswitch-switch (ovsdb-server and " + SCHEMA + ")");
        }
        dir = Files.createTempDirectory("ovsnet-localswitch-");
        run("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA.toString());
        server = new ProcessBuilder("ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + dir.resolve("db.sock"), "--unixctl=" + dir.resolve("ovsdb.ctl"),
                "--log-file=" + dir.resolve("ovsdb.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("db.sock")); i++) {
            Thread.sleep(50);
        }
        client = OvsdbClient.connect(ClientOptions.builder("unix:" + dir.resolve("db.sock")).build())
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        run("rm", "-rf", dir.toString());
    }

    @Test
    void refusesAnOpenVswitchSchemaWithoutTheColumnsItUses() throws Exception {
        // The installed schema without Port.protected, as an Open vSwitch older than 2.x would have.
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(SCHEMA.toFile());
        ((ObjectNode) schema.path("tables").path("Port").path("columns")).remove("protected");
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("vswitch.ovsschema"), schema.toString());
        run("ovsdb-tool", "create", old.resolve("conf.db").toString(), old.resolve("vswitch.ovsschema").toString());
        Process oldServer = new ProcessBuilder("ovsdb-server", old.resolve("conf.db").toString(),
                "--remote=punix:" + old.resolve("db.sock"), "--unixctl=" + old.resolve("ovsdb.ctl"),
                "--log-file=" + old.resolve("ovsdb.log"))
                .redirectErrorStream(true).redirectOutput(old.resolve("stdout").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(old.resolve("db.sock")); i++) {
                Thread.sleep(50);
            }
            try (OvsdbClient oldClient = OvsdbClient.connect(ClientOptions.builder("unix:" + old.resolve("db.sock"))
                    .build()).get(10, TimeUnit.SECONDS)) {
                assertThatThrownBy(() -> LocalSwitch.open(oldClient, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(SchemaMismatchException.class)
                        .hasMessageContaining("Port.protected is not in database");
            }
        } finally {
            oldServer.destroy();
            oldServer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void failsClearlyWhenTheDatabaseWasNeverInitialised() throws Exception {
        try (LocalSwitch sw = LocalSwitch.open(client, Duration.ofMillis(500)).get(10, TimeUnit.SECONDS)) {
            assertThatThrownBy(() -> new IntegrationBridge(sw, "br-init").ensure(DatapathType.NETDEV)
                    .get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(OvsdbException.class)
                    .hasMessageContaining("the database was never initialised; run ovs-vsctl init");
        }
    }

    @Test
    void failsClearlyWhenVswitchdDoesNotApplyTheChange() throws Exception {
        run("ovs-vsctl", "--db=unix:" + dir.resolve("db.sock"), "--no-wait", "init");
        try (LocalSwitch sw = LocalSwitch.open(client, Duration.ofMillis(500)).get(10, TimeUnit.SECONDS)) {
            IntegrationBridge bridge = new IntegrationBridge(sw, "br-wait");
            assertThatThrownBy(() -> bridge.ensure(DatapathType.NETDEV).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(OvsdbException.class)
                    .hasMessageContaining("ovs-vswitchd did not apply configuration 1")
                    .satisfies(e -> assertThat(((OvsdbException) e).isRetryable()).isTrue());
            // The transaction itself committed: the bridge is there, next_cfg went up, cur_cfg did not.
            assertThat(bridge.select().get(10, TimeUnit.SECONDS)).isPresent();
            String db = "--db=unix:" + dir.resolve("db.sock");
            assertThat(run("ovs-vsctl", db, "get", "Open_vSwitch", ".", "next_cfg").strip()).isEqualTo("1");
            assertThat(run("ovs-vsctl", db, "get", "Open_vSwitch", ".", "cur_cfg").strip()).isEqualTo("0");
        }
        // As soon as cur_cfg catches up (as ovs-vswitchd would set it), waiting succeeds. This switch
        // waits long enough for the catch-up's own ovs-vsctl process, however slow the machine.
        try (LocalSwitch sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)) {
            String db = "--db=unix:" + dir.resolve("db.sock");
            Thread catchUp = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    run("ovs-vsctl", db, "--no-wait", "set", "Open_vSwitch", ".", "cur_cfg=2");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            catchUp.start();
            new IntegrationBridge(sw, "br-wait").ensure(DatapathType.SYSTEM).get(20, TimeUnit.SECONDS);
            catchUp.join();
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
