package io.ovsnet.ipam.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
