package io.ovsnet.agent.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.MeshDiff;
import io.ovsnet.agent.overlay.PortNames;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.agent.ovs.TunnelMesh;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.Testbed;
import io.ovsnet.testbed.TestbedExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code ovsnet status} and {@code ovsnet host ls} on a real testbed host: OVS (netdev), dockerd
 * and a standalone store, with the state made by the agent's own OVS and ipam classes.
 */
class StatusCommandIT {
    private static final String NETWORK = "red";

    /** A one-host testbed with Docker and a store; closing removes both, and the schema file. */
    static final class Fixture implements AutoCloseable {
        final Testbed testbed;
        final Store store;
        final Path schemaDir;

        Fixture() throws Exception {
            schemaDir = Files.createTempDirectory("ovsnet-status-it");
            Testbed bed = null;
            try {
                bed = Testbed.builder().hosts(1).withDocker().start();
                store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")));
            } catch (Exception | Error e) {
                if (bed != null) {
                    bed.close();
                }
                deleteSchema();
                throw e;
            }
            testbed = bed;
        }

        @Override
        public void close() throws Exception {
            try {
                store.close();
            } finally {
                testbed.close();
                deleteSchema();
            }
        }

        private void deleteSchema() throws Exception {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        }
    }

    @RegisterExtension
    static final TestbedExtension<Fixture> BED = TestbedExtension.of(Fixture::new);

    record Run(int exit, String out, String err) {
    }

    /** Runs a command as {@code Main} does: failures as one line "ovsnet: MESSAGE" and exit 1. */
    private static Run ovsnet(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("ovsnet: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] statusArgs(Host host, String docker, String format) {
        return new String[] {"--ovsdb", host.ovsdbRemote(), "--store", BED.get().store.remote(), "--docker", docker,
            "--host-name", host.name(), "--format", format};
    }

    @Test
    void showsTunnelsAndEndpointsAndReportsAPortWhoseContainerWasRemoved() throws Exception {
        Host host = BED.get().testbed.host(1);
        String store = BED.get().store.remote();
        String container = host.docker("run", "-d", "--label", "ovsnet.network=" + NETWORK, "--network", "none",
                host.busyboxImage(), "sleep", "3600").orThrow().stdout().strip();
        String port = PortNames.containerPort(container);
        try (Ipam ipam = Ipam.connect(ClientOptions.builder(store).build());
                OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(host.ovsdbRemote()).build())
                        .get(10, TimeUnit.SECONDS);
                LocalSwitch sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)) {
            Network red = ipam.networks().create(new NetworkSpec(NETWORK, List.of(Cidr.parse("10.81.0.0/24")),
                    List.of(), List.of(), Encap.VXLAN, OptionalLong.empty(), 0, Map.of()));
            ipam.hosts().register(host.name(), Optional.of(host.underlayAddress()), Optional.empty());
            ipam.hosts().joined(host.name(), red.uuid());
            Lease lease = ipam.leases().allocate(NETWORK, IpFamily.IPV4, container, LeaseKind.ENDPOINT,
                    Optional.of(host.name()));

            IntegrationBridge bridge = new IntegrationBridge(sw, IntegrationBridge.DEFAULT_NAME);
            bridge.ensure(DatapathType.NETDEV).get(20, TimeUnit.SECONDS);
            LocalVlans vlans = new LocalVlans(Map.of(NETWORK, 1));
            String tunnel = PortNames.tunnel(Encapsulation.VXLAN, "peer2", red.vni(), Set.of());
            new TunnelMesh(bridge).apply(bridge.snapshot().get(10, TimeUnit.SECONDS),
                    new MeshDiff(List.of(new TunnelPort(tunnel, NETWORK, "peer2", Encapsulation.VXLAN, "192.0.2.202",
                            red.vni(), 1, true)), List.of(), List.of()), vlans).get(20, TimeUnit.SECONDS);
            // The host end of a veth, so that the port is a working interface as the agent makes it.
            host.exec("ip", "link", "add", port, "type", "veth", "peer", "name", port + "p").orThrow();
            new ContainerPorts(bridge).add(new ContainerPort(port, container, "eth0", NETWORK, container,
                    lease.address() + "/24", lease.mac().toString(), 1)).get(20, TimeUnit.SECONDS);

            Run json = ovsnet(new StatusCommand(), statusArgs(host, host.dockerHost(), "json"));
            assertThat(json.exit()).as(json.err()).isZero();
            JsonNode status = new ObjectMapper().readTree(json.out());
            assertThat(status.at("/bridge/datapath_type").asText()).isEqualTo("netdev");
            JsonNode t = status.get("tunnels").get(0);
            assertThat(t.get("port").asText()).isEqualTo(tunnel);
            assertThat(t.get("peer").asText()).isEqualTo("peer2");
            assertThat(t.get("remote_ip").asText()).isEqualTo("192.0.2.202");
            assertThat(t.get("vni").asLong()).isEqualTo(red.vni());
            assertThat(t.get("type").asText()).isEqualTo("vxlan");
            assertThat(t.get("ofport").asLong()).isPositive();
            JsonNode network = status.get("networks").get(0);
            assertThat(network.get("name").asText()).isEqualTo(NETWORK);
            assertThat(network.get("vlan").asInt()).isEqualTo(1);
            assertThat(network.get("vni").asLong()).isEqualTo(red.vni());
            JsonNode endpoint = status.get("endpoints").get(0);
            assertThat(endpoint.get("container_id").asText()).isEqualTo(container);
            assertThat(endpoint.get("container_name").isTextual()).isTrue();
            assertThat(endpoint.get("address").asText()).isEqualTo(lease.address() + "/24");
            assertThat(endpoint.get("port").asText()).isEqualTo(port);
            assertThat(kinds(status)).as(json.out()).isEmpty();

            Run text = ovsnet(new StatusCommand(), statusArgs(host, host.dockerHost(), "text"));
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).contains(tunnel, "192.0.2.202", container.substring(0, 12), port,
                    "Problems: none");

            host.docker("rm", "-f", container).orThrow();
            Run after = ovsnet(new StatusCommand(), statusArgs(host, host.dockerHost(), "json"));
            assertThat(after.exit()).as(after.err()).isZero();
            JsonNode problems = new ObjectMapper().readTree(after.out()).get("problems");
            assertThat(kinds(new ObjectMapper().readTree(after.out()))).containsExactly("port-without-container");
            assertThat(problems.get(0).get("subject").asText()).isEqualTo(port);

            // Without Docker the rest still shows, with a warning; the container checks are skipped.
            Run noDocker = ovsnet(new StatusCommand(),
                    statusArgs(host, "unix://" + BED.get().schemaDir.resolve("absent.sock"), "text"));
            assertThat(noDocker.exit()).as(noDocker.err()).isZero();
            assertThat(noDocker.out()).contains("warning:  docker unreachable at unix://", port, "Problems: none");

            Run hosts = ovsnet(new HostCommand(), "ls", "--store", store);
            assertThat(hosts.exit()).as(hosts.err()).isZero();
            assertThat(hosts.out()).containsPattern(host.name() + " +" + host.underlayAddress().replace(".", "\\.")
                    + " +yes +\\d+s ago +" + NETWORK);

            // The host's heartbeat is recent: removing it would free addresses its containers use.
            Run refused = ovsnet(new HostCommand(), "rm", host.name(), "--store", store);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).startsWith("ovsnet: host " + host.name() + " was seen ")
                    .endsWith("stop that agent first, or give --force\n").hasLineCount(1);
            assertThat(ovsnet(new HostCommand(), "ls", "--store", store).out()).as("nothing removed")
                    .contains(host.name() + " ");

            Run rm = ovsnet(new HostCommand(), "rm", host.name(), "--force", "--store", store);
            assertThat(rm.exit()).as(rm.err()).isZero();
            assertThat(rm.out()).isEqualTo("removed host " + host.name() + ", released 1 lease\n");
            assertThat(ovsnet(new HostCommand(), "ls", "--store", store).out()).doesNotContain(host.name() + " ");
        } finally {
            host.docker("rm", "-f", container);
        }
    }

    @Test
    void unreachableDatabasesFailWithOneLine() {
        Host host = BED.get().testbed.host(1);
        Path absent = BED.get().schemaDir.resolve("absent.sock");
        Run ovsdb = ovsnet(new StatusCommand(), "--ovsdb", "unix:" + absent, "--store", BED.get().store.remote(),
                "--docker", host.dockerHost(), "--timeout", "1");
        assertThat(ovsdb.exit()).isEqualTo(1);
        assertThat(ovsdb.err()).startsWith("ovsnet: cannot connect to the local OVSDB at unix:" + absent)
                .hasLineCount(1);

        Run store = ovsnet(new HostCommand(), "ls", "--store", "unix:" + absent, "--timeout", "1");
        assertThat(store.exit()).isEqualTo(1);
        assertThat(store.err()).startsWith("ovsnet: ").contains(absent.toString()).hasLineCount(1);

        Run bridge = ovsnet(new StatusCommand(), "--ovsdb", host.ovsdbRemote(), "--store", BED.get().store.remote(),
                "--bridge", "br-absent", "--timeout", "2");
        assertThat(bridge.exit()).isEqualTo(1);
        assertThat(bridge.err()).startsWith("ovsnet: bridge br-absent does not exist").hasLineCount(1);
    }

    private static List<String> kinds(JsonNode status) {
        List<String> kinds = new ArrayList<>();
        status.get("problems").forEach(p -> kinds.add(p.get("kind").asText()));
        return kinds;
    }
}
