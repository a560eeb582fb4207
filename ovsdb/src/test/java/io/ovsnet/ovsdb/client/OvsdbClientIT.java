package io.ovsnet.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.jsonrpc.ConnectionClosedException;
import io.ovsnet.ovsdb.jsonrpc.JsonRpcErrorException;
import io.ovsnet.ovsdb.monitor.MonitorRequest;
import io.ovsnet.ovsdb.monitor.Replica;
import io.ovsnet.ovsdb.monitor.UpdateFormat;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionException;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.CommandRunner;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.TestbedExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a real standalone ovsdb-server with the Open_vSwitch schema. */
class OvsdbClientIT {
    static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    @RegisterExtension
    static final TestbedExtension<Store> STORE = TestbedExtension.of(() -> Store.standalone(VSWITCH_SCHEMA));

    @BeforeAll
    static void initDatabase() {
        vsctl("init");
    }

    private static String unixRemote() {
        return STORE.get().unixRemote();
    }

    private static CommandResult vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=" + unixRemote(), "--no-wait", "--timeout=10"));
        command.addAll(List.of(args));
        return CommandRunner.local().run(command).orThrow();
    }

    static OvsdbClient connect(String remote) {
        return OvsdbClient.connect(ClientOptions.builder(remote)
                .callTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(10))
                .build()).join();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the future succeeded: " + future.join());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void listsDatabasesAndReadsTheSchema(String method) {
        String remote = method.equals("unix") ? unixRemote() : STORE.get().remote();
        try (OvsdbClient client = connect(remote)) {
            assertThat(client.listDbs().join()).contains("Open_vSwitch", "_Server");
            DatabaseSchema schema = client.getSchema("Open_vSwitch").join();
            assertThat(schema.name()).isEqualTo("Open_vSwitch");
            assertThat(schema.table("Bridge")).isPresent();
            assertThat(client.remote()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo(remote));
            client.echo().join();
        }
    }

    @Test
    void connectsOverIpv6Loopback() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            port = probe.getLocalPort();
        }
        String listener = "ptcp:" + port + ":[::1]";
        String control = STORE.get().members().get(0).control().toString();
        CommandRunner.local().run("ovs-appctl", "-t", control, "ovsdb-server/add-remote", listener).orThrow();
        try {
            String remote = "tcp:[::1]:" + port;
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                try (OvsdbClient client = connect(remote)) {
                    return client.listDbs().join().contains("Open_vSwitch")
                            && client.remote().orElseThrow().toString().equals(remote);
                }
            });
        } finally {
            CommandRunner.local().run("ovs-appctl", "-t", control, "ovsdb-server/remove-remote", listener).orThrow();
        }
    }

    @Test
    void unknownDatabaseFailsWithTheServersError() {
        try (OvsdbClient client = connect(unixRemote())) {
            Throwable failure = failureOf(client.getSchema("NoSuchDb"));
            assertThat(failure).isInstanceOf(JsonRpcErrorException.class);
            assertThat(((OvsdbException) failure).error()).isEqualTo("unknown database");
        }
    }

    @Test
    void createsABridgeWithPortsAndInterfacesThatOvsVsctlReadsBack() {
        String bridge = unique("brc");
        try (OvsdbClient client = connect(unixRemote())) {
            Transaction tx = Transaction.on("Open_vSwitch");
            Insert[] interfaces = new Insert[3];
            Insert[] ports = new Insert[3];
            for (int i = 0; i < 3; i++) {
                String name = i == 0 ? bridge : bridge + "-p" + i;
                interfaces[i] = Insert.into("Interface").set("name", name)
                        .set("type", i == 0 ? "internal" : "").withUuidName("iface" + i);
                ports[i] = Insert.into("Port").set("name", name)
                        .set("interfaces", OvsdbSet.of(interfaces[i].ref())).withUuidName("port" + i);
                tx.add(interfaces[i]);
                tx.add(ports[i]);
            }
            Insert br = Insert.into("Bridge").set("name", bridge)
                    .set("ports", OvsdbSet.of(ports[0].ref(), ports[1].ref(), ports[2].ref()))
                    .withUuidName("bridge");
            Handle<Uuid> bridgeUuid = tx.add(br);
            Handle<Integer> mutated = tx.add(Mutate.table("Open_vSwitch").mutation(Mutation.insert("bridges", OvsdbSet.of(br.ref()))));

            TransactionResult result = client.transact(tx).join();

            assertThat(result.get(mutated)).isEqualTo(1);
            assertThat(result.get(bridgeUuid)).isNotNull();
            assertThat(vsctl("list-br").stdout().lines()).contains(bridge);
            assertThat(vsctl("list-ports", bridge).stdout().lines()).containsExactly(bridge + "-p1", bridge + "-p2");
            assertThat(vsctl("list-ifaces", bridge).stdout().lines()).containsExactly(bridge + "-p1", bridge + "-p2");
            assertThat(vsctl("get", "Bridge", bridge, "_uuid").stdout().strip())
                    .isEqualTo(result.get(bridgeUuid).value().toString());
            assertThat(vsctl("get", "Interface", bridge, "type").stdout().strip()).isEqualTo("internal");
        } finally {
            vsctl("--if-exists", "del-br", bridge);
        }
    }

    @Test
    void duplicateBridgeNameFailsWithConstraintViolation() {
        String bridge = unique("brd");
        vsctl("add-br", bridge);
        try (OvsdbClient client = connect(unixRemote())) {
            Transaction tx = Transaction.on("Open_vSwitch");
            Insert br = Insert.into("Bridge").set("name", bridge).withUuidName("dup");
            tx.add(br);
            tx.add(Mutate.table("Open_vSwitch").mutation(Mutation.insert("bridges", OvsdbSet.of(br.ref()))));

            Throwable failure = failureOf(client.transact(tx));

            assertThat(failure).isInstanceOf(TransactionException.class);
            TransactionException e = (TransactionException) failure;
            assertThat(e.error()).isEqualTo("constraint violation");
            assertThat(e.details()).hasValueSatisfying(d -> assertThat(d).contains(bridge));
            assertThat(e.isRetryable()).isFalse();
            assertThat(vsctl("list-br").stdout().lines().filter(bridge::equals)).hasSize(1);
        } finally {
            vsctl("--if-exists", "del-br", bridge);
        }
    }

    @Test
    void monitorSeesChangesMadeByOvsVsctl() {
        String bridge = unique("brm");
        try (OvsdbClient client = connect(unixRemote())) {
            Replica replica = new Replica(client.getSchema("Open_vSwitch").join());
            Monitor monitor = client.monitor("Open_vSwitch",
                    List.of(MonitorRequest.of("Bridge").columns("name", "ports"), MonitorRequest.of("Port").columns("name")),
                    replica).join();
            assertThat(monitor.format()).isEqualTo(UpdateFormat.UPDATE3);
            assertThat(bridgeNames(replica)).doesNotContain(bridge);

            vsctl("add-br", bridge, "--", "add-port", bridge, bridge + "-x");
            await().atMost(Duration.ofSeconds(10)).until(() -> bridgeNames(replica).contains(bridge));
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.table("Port").values().stream()
                    .anyMatch(p -> p.getString("name").equals(bridge + "-x")));

            vsctl("del-br", bridge);
            await().atMost(Duration.ofSeconds(10)).until(() -> !bridgeNames(replica).contains(bridge));

            monitor.cancel().join();
            vsctl("add-br", bridge);
            assertThat(client.echo()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(bridgeNames(replica)).as("no updates after monitor_cancel").doesNotContain(bridge);
            monitor.cancel().join();
        } finally {
            vsctl("--if-exists", "del-br", bridge);
        }
    }

    private static Set<String> bridgeNames(Replica replica) {
        return replica.table("Bridge").values().stream().map(r -> r.getString("name")).collect(Collectors.toSet());
    }

    @Test
    void lockIsGrantedToOneClientAndCanBeStolen() {
        String name = unique("lock");
        try (OvsdbClient first = connect(unixRemote()); OvsdbClient second = connect(STORE.get().remote())) {
            Lock a = first.lock(name).join();
            assertThat(a.isHeld()).isTrue();
            assertThat(first.lock(name).join()).as("asking again is idempotent").isSameAs(a);
            Lock b = second.lock(name).join();
            assertThat(b.isHeld()).isFalse();
            assertThat(b.acquired()).isNotDone();

            Lock stolen = second.steal(name).join();
            assertThat(stolen).isSameAs(b);
            assertThat(b.isHeld()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.isHeld());

            second.unlock(name).join();
            second.unlock(name).join();
            assertThat(b.isHeld()).isFalse();
            // "first" still asked for the lock; the server grants it again with "locked".
            await().atMost(Duration.ofSeconds(5)).until(a::isHeld);
            assertThat(a.acquired()).isCompleted();
        }
    }

    @Test
    void callsWhileDisconnectedFailFastAndMonitorsResumeAfterReconnect() {
        String bridge = unique("brr");
        Store store = STORE.get();
        try (OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(unixRemote())
                .callTimeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .build()).join()) {
            Replica replica = new Replica(client.getSchema("Open_vSwitch").join());
            client.monitor("Open_vSwitch", List.of(MonitorRequest.of("Bridge").columns("name")), replica).join();

            store.kill(store.members().get(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
            Throwable failure = failureOf(client.listDbs());
            assertThat(failure).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("not connected");
            assertThat(((OvsdbException) failure).isRetryable()).isTrue();

            store.restart(store.members().get(0));
            vsctl("add-br", bridge);
            await().atMost(Duration.ofSeconds(15)).until(client::isConnected);
            await().atMost(Duration.ofSeconds(10)).until(() -> bridgeNames(replica).contains(bridge));
            assertThat(bridgeNames(replica)).isEqualTo(Set.copyOf(vsctl("list-br").stdout().lines().toList()));
        } finally {
            vsctl("--if-exists", "del-br", bridge);
        }
    }

    @Test
    void conditionalMonitorKeepsOnlyMatchingRows() {
        String wanted = unique("brq");
        String other = unique("bro");
        vsctl("add-br", wanted, "--", "add-br", other);
        try (OvsdbClient client = connect(unixRemote())) {
            Replica replica = new Replica(client.getSchema("Open_vSwitch").join());
            client.monitor("Open_vSwitch", List.of(MonitorRequest.of("Bridge").columns("name")
                    .where(Condition.eq("name", wanted))), replica).join();

            assertThat(bridgeNames(replica)).containsExactly(wanted);
            vsctl("add-br", other + "x");
            vsctl("del-br", wanted);
            // Updates arrive in order: once the delete of "wanted" is in, a (wrongly sent) insert
            // of the non-matching bridge added before it would be in too.
            await().atMost(Duration.ofSeconds(10)).until(() -> !bridgeNames(replica).contains(wanted));
            assertThat(bridgeNames(replica)).isEmpty();
        } finally {
            vsctl("--if-exists", "del-br", wanted, "--", "--if-exists", "del-br", other,
                    "--", "--if-exists", "del-br", other + "x");
        }
    }

    @Test
    void connectToNothingFailsWithinTheConnectTimeout() {
        Path missing = Path.of("/run/ovsnet-it-missing-" + UUID.randomUUID() + ".sock");
        long start = System.nanoTime();
        CompletableFuture<OvsdbClient> connecting = OvsdbClient.connect(ClientOptions.builder("unix:" + missing)
                .connectTimeout(Duration.ofSeconds(1)).backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build());

        Throwable failure = failureOf(connecting);

        assertThat(failure).isInstanceOf(ConnectionClosedException.class).hasMessageContaining(missing.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void failFastGivesUpAfterOneAttemptPerRemoteLongBeforeTheConnectTimeout() throws Exception {
        Path missing = Path.of("/run/ovsnet-it-missing-" + UUID.randomUUID() + ".sock");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String remotes = "unix:" + missing + ",tcp:127.0.0.1:" + closedPort;
        long start = System.nanoTime();
        CompletableFuture<OvsdbClient> connecting = OvsdbClient.connect(ClientOptions.builder(remotes)
                .connectTimeout(Duration.ofSeconds(20)).failFast().build());

        Throwable failure = failureOf(connecting);

        assertThat(failure).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("after one attempt each")
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
