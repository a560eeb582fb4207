package io.ovsnet.ipam.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The product's own store management: a local standalone store, and a Raft cluster made by create/join. */
class StoreServerIT {
    private Path root;
    private final List<StoreServer> started = new ArrayList<>();

    @BeforeEach
    void requireOvs() throws IOException {
        assertThat(Path.of("/usr/sbin/ovsdb-server")).as("ovsdb-server (Debian package openvswitch-switch)").exists();
        root = Files.createTempDirectory("ovsnet-store-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        started.forEach(StoreServer::stop);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private StoreServer server(String name) {
        StoreServer s = new StoreServer(root.resolve(name));
        started.add(s);
        return s;
    }

    private static NetworkSpec spec(String name, String subnet) {
        return new NetworkSpec(name, List.of(Cidr.parse(subnet)), List.of(), List.of(), Encap.VXLAN,
                OptionalLong.empty(), 0, Map.of());
    }

    @Test
    void localStoreStartsOnceAndKeepsItsData() {
        StoreServer local = server("local");
        String remote = local.ensureRunning();
        long pid = local.runningPid().orElseThrow();
        assertThat(local.ensureRunning()).isEqualTo(remote);
        assertThat(local.runningPid()).contains(pid);
        assertThat(local.status()).startsWith("standalone store");
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(remote).build())) {
            ipam.networks().create(spec("kept", "10.77.0.0/24"));
        }
        local.stop();
        assertThat(local.runningPid()).isEmpty();
        assertThatThrownBy(local::status).hasMessageContaining("no store is running");
        local.ensureRunning();
        assertThat(local.runningPid()).isPresent().isNotEqualTo(Optional.of(pid));
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(remote).build())) {
            assertThat(ipam.networks().get("kept").subnet4()).contains(Cidr.parse("10.77.0.0/24"));
        }
    }

    @Test
    void threeMembersFormAClusterThatAllocates() throws Exception {
        List<String> clientRemotes = new ArrayList<>();
        List<String> raft = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            raft.add("tcp:127.0.0.1:" + freePort());
            clientRemotes.add("tcp:127.0.0.1:" + freePort());
        }
        StoreServer first = server("m1");
        first.createCluster(raft.get(0), listen(clientRemotes.get(0)));
        server("m2").joinCluster(raft.get(1), List.of(raft.get(0)), listen(clientRemotes.get(1)));
        server("m3").joinCluster(raft.get(2), List.of(raft.get(0), raft.get(1)), listen(clientRemotes.get(2)));
        assertThat(first.isClustered()).isTrue();
        assertThatThrownBy(() -> first.createCluster(raft.get(0), StoreServer.Listen.none()))
                .hasMessageContaining("already exists");

        try (Ipam ipam = Ipam.connect(ClientOptions.builder(String.join(",", clientRemotes)).build())) {
            ipam.networks().create(spec("clustered", "10.78.0.0/24"));
            assertThat(ipam.leases().allocate("clustered", IpFamily.IPV4, "c1", LeaseKind.ENDPOINT, Optional.empty())
                    .address().toString()).startsWith("10.78.0.");
        }
        String status = first.status();
        assertThat(status).contains("Cluster ID").contains("Role: ").contains(raft.get(0).replace("tcp:", ""));
        for (int i = 1; i < 3; i++) {
            assertThat(status).contains(raft.get(i).replace("tcp:", ""));
        }

        // A member restarted the way the agent and the CLI do it serves its remote clients again.
        long before = first.runningPid().orElseThrow();
        first.stop();
        first.ensureRunning();
        assertThat(first.runningPid()).isPresent().isNotEqualTo(Optional.of(before));
        try (OvsdbClient member = OvsdbClient.connect(ClientOptions.builder(clientRemotes.get(0)).anyMember().build())
                .get(10, TimeUnit.SECONDS)) {
            assertThat(member.listDbs().get(10, TimeUnit.SECONDS)).contains("OVSNet");
        }
    }

    /** A database made by ovsnet with schema 1.0.0 (no Host.underlay_mtu), as a test resource. */
    private Path oldSchema() throws IOException {
        Path file = root.resolve("OVSNet-1.0.0.ovsschema");
        try (InputStream in = StoreServerIT.class.getResourceAsStream("/io/ovsnet/ipam/OVSNet-1.0.0.ovsschema")) {
            Files.copy(Objects.requireNonNull(in, "test resource OVSNet-1.0.0.ovsschema"), file);
        }
        return file;
    }

    /** Puts a network and a host in an old database file with ovsdb-tool, the server stopped. */
    private static void fillOldDatabase(Path db) throws Exception {
        String tx = "[\"OVSNet\","
                + "{\"op\":\"insert\",\"table\":\"Network\",\"row\":{\"name\":\"old-net\",\"vni\":77,"
                + "\"subnet4\":\"10.79.0.0/24\",\"encap\":\"vxlan\",\"mtu\":0}},"
                + "{\"op\":\"insert\",\"table\":\"Host\",\"row\":{\"name\":\"old-host\","
                + "\"tunnel_ip\":\"192.0.2.9\",\"last_seen\":1}}]";
        command("ovsdb-tool", "transact", db.toString(), tx);
    }

    @Test
    void databaseOfTheOldSchemaIsUpgradedOnStartAndKeepsItsRows() throws Exception {
        StoreServer local = server("upgrade");
        Files.createDirectories(local.database().getParent());
        command("ovsdb-tool", "create", local.database().toString(), oldSchema().toString());
        fillOldDatabase(local.database());
        assertThat(command("ovsdb-tool", "db-version", local.database().toString())).isEqualTo("1.0.0");

        String remote = local.ensureRunning();

        assertThat(command("ovsdb-client", "get-schema-version", remote, "OVSNet")).isEqualTo("1.1.0");
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(remote).build())) {
            assertThat(ipam.networks().get("old-net").subnet4()).contains(Cidr.parse("10.79.0.0/24"));
            Host old = ipam.hosts().list().stream().filter(h -> h.name().equals("old-host")).findFirst().orElseThrow();
            assertThat(old.tunnelIp()).contains("192.0.2.9");
            assertThat(old.underlayMtu()).isEmpty();
            ipam.hosts().register("new-host", Optional.of("192.0.2.10"), Optional.empty(), OptionalInt.of(9000));
            assertThat(ipam.hosts().list().stream().filter(h -> h.name().equals("new-host")).findFirst()
                    .orElseThrow().underlayMtu()).hasValue(9000);
        }
        // Idempotent: a second start converts nothing and keeps the rows.
        local.stop();
        local.ensureRunning();
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(remote).build())) {
            assertThat(ipam.hosts().list()).extracting(Host::name).containsExactly("new-host", "old-host");
        }
    }

    @Test
    void clusterMemberOfTheOldSchemaIsUpgradedOnStart() throws Exception {
        StoreServer member = server("old-cluster");
        Files.createDirectories(member.database().getParent());
        command("ovsdb-tool", "create-cluster", member.database().toString(), oldSchema().toString(),
                "tcp:127.0.0.1:" + freePort());

        String remote = member.ensureRunning();

        assertThat(command("ovsdb-client", "get-schema-version", remote, "OVSNet")).isEqualTo("1.1.0");
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(remote).build())) {
            ipam.hosts().register("h", Optional.of("192.0.2.11"), Optional.empty(), OptionalInt.of(1500));
            assertThat(ipam.hosts().list().get(0).underlayMtu()).hasValue(1500);
        }
    }

    @Test
    void hostRegistersOnAStoreNotYetUpgradedWithoutItsMtuAndWithItOnceUpgraded() throws Exception {
        Path dir = Files.createDirectories(root.resolve("not-upgraded"));
        Path db = dir.resolve("old.db");
        command("ovsdb-tool", "create", db.toString(), oldSchema().toString());
        Path pidFile = dir.resolve("old.pid");
        command("ovsdb-server", db.toString(), "--remote=punix:" + dir.resolve("old.sock"),
                "--unixctl=" + dir.resolve("old.ctl"), "--pidfile=" + pidFile, "--detach", "--no-chdir",
                "--log-file=" + dir.resolve("old.log"));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        try (Ipam ipam = Ipam.connect(ClientOptions.builder("unix:" + dir.resolve("old.sock")).build())) {
            ipam.hosts().register("h", Optional.of("192.0.2.12"), Optional.empty(), OptionalInt.of(9000));
            ipam.hosts().register("h", Optional.of("192.0.2.12"), Optional.empty(), OptionalInt.of(9000));
            Host h = ipam.hosts().list().get(0);
            assertThat(h.tunnelIp()).contains("192.0.2.12");
            assertThat(h.underlayMtu()).isEmpty();

            // Converted under the connected client (as StoreServer does): the next heartbeat records the MTU.
            Path schema = OvsNetSchema.writeTo(dir.resolve("OVSNet.ovsschema"));
            command("ovsdb-client", "convert", "unix:" + dir.resolve("old.sock"), schema.toString());
            ipam.hosts().register("h", Optional.of("192.0.2.12"), Optional.empty(), OptionalInt.of(9000));
            assertThat(ipam.hosts().list().get(0).underlayMtu()).hasValue(9000);
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static String command(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out.strip();
    }

    private static StoreServer.Listen listen(String clientRemote) {
        String[] parts = clientRemote.split(":");
        return new StoreServer.Listen(List.of("ptcp:" + parts[2] + ":127.0.0.1"), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
