package io.ovsnet.agent.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.overlay.Encapsulation;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.agent.overlay.TunnelPort;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The checks and the output of {@code ovsnet status} and {@code ovsnet host ls}, on hand-built observations. */
class StatusFormatTest {
    private static final String RED_ID = "a".repeat(64);
    private static final String GONE_ID = "b".repeat(64);
    private static final String STOPPED_ID = "c".repeat(64);
    private static final String UNWIRED_ID = "d".repeat(64);

    private static final Network RED = network("red", 100, Encap.VXLAN, 0);
    private static final Network BLUE = network("blue", 200, Encap.GRE, 1400);

    private static Network network(String name, long vni, Encap encap, long mtu) {
        return new Network(new Uuid(UUID.nameUUIDFromBytes(name.getBytes())), name, vni,
                Optional.of(Cidr.parse("10.1.0.0/24")), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                encap, mtu, Map.of());
    }

    private static Lease lease(Network n, String address, String owner, String host) {
        IpAddress ip = IpAddress.parse(address);
        return new Lease(new Uuid(UUID.randomUUID()), n.uuid(), ip, MacAddress.derivedFrom(ip), Optional.of(host),
                owner, LeaseKind.ENDPOINT, Instant.EPOCH);
    }

    private static ContainerPort port(String name, String container, String network, String ip, int tag) {
        return new ContainerPort(name, container, "eth0", network, "ep-" + name, ip, "02:00:0a:01:00:05", tag);
    }

    /** Host h1: a healthy endpoint and tunnel in red, and one of each problem the checks know. */
    private static Observation observation(Optional<List<DockerContainer>> docker, List<String> warnings) {
        return new Observation("h1", "br-ovsnet", "netdev",
                new LocalVlans(Map.of("red", 1, "blue", 2, "ghost", 3)),
                List.of(new TunnelPort("vx-h2-100", "red", "h2", Encapsulation.VXLAN, "192.0.2.2", 100, 1, true),
                        new TunnelPort("gre-h3-7", "blue", "h3", Encapsulation.GRE, "192.0.2.3", 7, 2, true)),
                Map.of("vx-h2-100", new Observation.InterfaceState(Optional.of("up"), Optional.of(2L), Optional.empty()),
                        "gre-h3-7", new Observation.InterfaceState(Optional.empty(), Optional.of(-1L),
                                Optional.of("could not add network device gre-h3-7"))),
                List.of(port("ovsaaaaaaaaaaa", RED_ID, "red", "10.1.0.5/24", 1),
                        port("ovsbbbbbbbbbbb", GONE_ID, "red", "10.1.0.6/24", 1),
                        port("ovscccccccccccc", STOPPED_ID, "blue", "10.1.0.7/24", 2)),
                List.of(RED, BLUE),
                List.of(lease(RED, "10.1.0.5", RED_ID, "h1"), lease(RED, "10.1.0.9", "e".repeat(64), "h1"),
                        lease(RED, "10.1.0.10", "f".repeat(64), "h2")),
                docker, warnings);
    }

    private static final List<DockerContainer> CONTAINERS = List.of(
            new DockerContainer(RED_ID, "web", true, Optional.of("red")),
            new DockerContainer(STOPPED_ID, "db", false, Optional.of("blue")),
            new DockerContainer(UNWIRED_ID, "late", true, Optional.of("red")),
            new DockerContainer("9".repeat(64), "other", true, Optional.empty()));

    private static String print(Consumer<PrintWriter> printing) {
        StringWriter text = new StringWriter();
        printing.accept(new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void textShowsEverySectionInAlignedColumns() {
        HostStatus status = observation(Optional.of(CONTAINERS), List.of()).status();
        String text = print(out -> StatusFormat.TEXT.status(out, status));
        assertThat(text).isEqualTo("""
                host:     h1
                bridge:   br-ovsnet (datapath netdev)

                Tunnels:
                  PORT       NETWORK  PEER  REMOTE IP  VNI  TYPE   VLAN  STATE  OFPORT  ERROR
                  gre-h3-7   blue     h3    192.0.2.3  7    gre    2     error  -1      could not add network device gre-h3-7
                  vx-h2-100  red      h2    192.0.2.2  100  vxlan  1     up     2       -

                Networks:
                  NAME   VLAN  VNI  ENCAP  MTU
                  blue   2     200  gre    1400
                  ghost  3     -    -      -
                  red    1     100  vxlan  auto

                Endpoints:
                  CONTAINER     NAME  NETWORK  INTERFACE  ADDRESS      MAC                PORT             VLAN
                  cccccccccccc  db    blue     eth0       10.1.0.7/24  02:00:0a:01:00:05  ovscccccccccccc  2
                  aaaaaaaaaaaa  web   red      eth0       10.1.0.5/24  02:00:0a:01:00:05  ovsaaaaaaaaaaa   1
                  bbbbbbbbbbbb  -     red      eth0       10.1.0.6/24  02:00:0a:01:00:05  ovsbbbbbbbbbbb   1

                Problems:
                  KIND                       SUBJECT          DETAIL
                  port-without-container     ovsbbbbbbbbbbb   port ovsbbbbbbbbbbb belongs to container %s, which Docker no longer has
                  port-of-stopped-container  ovscccccccccccc  port ovscccccccccccc belongs to container db, which is not running
                  container-without-port     late             container late is labelled for network red but has no port on the bridge
                  lease-without-endpoint     red/10.1.0.9     address 10.1.0.9 of network red is leased to %s on this host, which has no port
                  network-not-in-store       ghost            network ghost is on the bridge but not in the store
                  tunnel-vni-mismatch        gre-h3-7         tunnel key 7 but network blue has VNI 200
                  tunnel-down                gre-h3-7         tunnel to h3 (192.0.2.3) is error: could not add network device gre-h3-7
                """.formatted(GONE_ID, "e".repeat(64)));
    }

    @Test
    void emptySectionsSayNone() {
        Observation empty = new Observation("h1", "br-ovsnet", "", new LocalVlans(Map.of()), List.of(), Map.of(),
                List.of(), List.of(), List.of(), Optional.of(List.of()), List.of());
        assertThat(print(out -> StatusFormat.TEXT.status(out, empty.status()))).isEqualTo("""
                host:     h1
                bridge:   br-ovsnet (datapath system)

                Tunnels:
                  (none)

                Networks:
                  (none)

                Endpoints:
                  (none)

                Problems: none
                """);
    }

    @Test
    void withoutDockerTheContainerChecksAreSkippedAndSaidSo() {
        HostStatus status = observation(Optional.empty(), List.of("docker unreachable at unix:///x.sock")).status();
        assertThat(status.problems()).extracting(Problem::kind).doesNotContain(Problem.Kind.PORT_WITHOUT_CONTAINER,
                Problem.Kind.PORT_OF_STOPPED_CONTAINER, Problem.Kind.CONTAINER_WITHOUT_PORT);
        assertThat(status.problems()).extracting(Problem::kind).contains(Problem.Kind.LEASE_WITHOUT_ENDPOINT);
        assertThat(print(out -> StatusFormat.TEXT.status(out, status)))
                .contains("warning:  docker unreachable at unix:///x.sock\n");
    }

    @Test
    void pluginEndpointsAreNotReportedAsProblems() {
        // Docker's plugin endpoints: the port has no container id (Docker does not say which container
        // joined) and the address is leased to Docker's IPAM request, not to the endpoint.
        ContainerPort pluginPort = new ContainerPort("ovsdddddddddddd", "", "eth0", "red", "9a".repeat(32),
                "10.1.0.20/24", "02:00:0a:01:00:14", 1);
        Observation plugin = new Observation("h1", "br-ovsnet", "netdev", new LocalVlans(Map.of("red", 1)), List.of(),
                Map.of(), List.of(pluginPort), List.of(RED),
                List.of(lease(RED, "10.1.0.20", "docker-ipam:" + UUID.randomUUID(), "h1")),
                Optional.of(CONTAINERS.subList(3, 4)), List.of());
        assertThat(plugin.status().problems()).isEmpty();
        assertThat(plugin.status().endpoints()).hasSize(1);
    }

    private static final Network DUAL = new Network(new Uuid(UUID.nameUUIDFromBytes("dual".getBytes())), "dual", 300,
            Optional.of(Cidr.parse("10.2.0.0/24")), Optional.of(Cidr.parse("fd00:2::/64")), Optional.empty(),
            Optional.empty(), List.of(), Encap.VXLAN, 0, Map.of());

    /**
     * Host h1 on the dual-stack network: web's port records both its addresses; api's port records
     * only the IPv4 one (made before ports recorded {@code ovsnet-ip6}), so its IPv6 lease has no endpoint.
     */
    private static Observation dualStack() {
        ContainerPort web = new ContainerPort("ovsaaaaaaaaaaa", RED_ID, "eth0", "dual", RED_ID, "10.2.0.5/24",
                Optional.of("fd00:2::5/64"), "02:6e:0a:02:00:05", 4);
        ContainerPort api = new ContainerPort("ovsdddddddddddd", UNWIRED_ID, "eth0", "dual", UNWIRED_ID,
                "10.2.0.6/24", "02:6e:0a:02:00:06", 4);
        return new Observation("h1", "br-ovsnet", "netdev", new LocalVlans(Map.of("dual", 4)), List.of(), Map.of(),
                List.of(web, api), List.of(DUAL),
                List.of(lease(DUAL, "10.2.0.5", RED_ID, "h1"), lease(DUAL, "fd00:2:0:0::5", RED_ID, "h1"),
                        lease(DUAL, "10.2.0.6", UNWIRED_ID, "h1"), lease(DUAL, "fd00:2::6", UNWIRED_ID, "h1")),
                Optional.of(List.of(new DockerContainer(RED_ID, "web", true, Optional.of("dual")),
                        new DockerContainer(UNWIRED_ID, "api", true, Optional.of("dual")))), List.of());
    }

    @Test
    void dualStackEndpointsShowTheirIpv6AddressAndAnIpv6LeaseTheirPortDoesNotCarryIsReported() {
        String text = print(out -> StatusFormat.TEXT.status(out, dualStack().status()));
        assertThat(text).isEqualTo("""
                host:     h1
                bridge:   br-ovsnet (datapath netdev)

                Tunnels:
                  (none)

                Networks:
                  NAME  VLAN  VNI  ENCAP  MTU
                  dual  4     300  vxlan  auto

                Endpoints:
                  CONTAINER     NAME  NETWORK  INTERFACE  ADDRESS      IPV6 ADDRESS  MAC                PORT             VLAN
                  aaaaaaaaaaaa  web   dual     eth0       10.2.0.5/24  fd00:2::5/64  02:6e:0a:02:00:05  ovsaaaaaaaaaaa   4
                  dddddddddddd  api   dual     eth0       10.2.0.6/24  -             02:6e:0a:02:00:06  ovsdddddddddddd  4

                Problems:
                  KIND                    SUBJECT         DETAIL
                  lease-without-endpoint  dual/fd00:2::6  IPv6 address fd00:2::6 of network dual is leased to %s on this host, whose port does not carry it (ovsnet-ip6)
                """.formatted(UNWIRED_ID));
    }

    @Test
    void anIpv6LeaseWhoseOwnerHasNoPortIsReported() {
        Observation seen = dualStack();
        Observation portless = new Observation(seen.host(), seen.bridge(), seen.datapathType(), seen.vlans(),
                seen.tunnels(), seen.interfaces(), seen.ports().subList(0, 1), seen.networks(),
                List.of(lease(DUAL, "fd00:2::7", "7".repeat(64), "h1")), Optional.empty(), List.of());
        assertThat(portless.status().problems()).extracting(Problem::subject, Problem::detail).containsExactly(
                tuple("dual/fd00:2::7", "address fd00:2::7 of network dual is leased to "
                        + "7".repeat(64) + " on this host, which has no port"));
    }

    @Test
    void jsonCarriesTheIpv6AddressOrNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(print(out -> StatusFormat.JSON.status(out, dualStack().status())));
        assertThat(json.get("endpoints").get(0).get("address").asText()).isEqualTo("10.2.0.5/24");
        assertThat(json.get("endpoints").get(0).get("address6").asText()).isEqualTo("fd00:2::5/64");
        assertThat(json.get("endpoints").get(1).get("address6").isNull()).isTrue();
        assertThat(json.get("problems").get(0).get("subject").asText()).isEqualTo("dual/fd00:2::6");
    }

    @Test
    void jsonCarriesEveryFieldWithNullsForTheUnknown() throws Exception {
        HostStatus status = observation(Optional.of(CONTAINERS), List.of()).status();
        JsonNode json = new ObjectMapper().readTree(print(out -> StatusFormat.JSON.status(out, status)));
        assertThat(json.get("host").asText()).isEqualTo("h1");
        assertThat(json.at("/bridge/datapath_type").asText()).isEqualTo("netdev");
        JsonNode tunnel = json.get("tunnels").get(1);
        assertThat(tunnel.get("port").asText()).isEqualTo("vx-h2-100");
        assertThat(tunnel.get("peer").asText()).isEqualTo("h2");
        assertThat(tunnel.get("remote_ip").asText()).isEqualTo("192.0.2.2");
        assertThat(tunnel.get("vni").asLong()).isEqualTo(100);
        assertThat(tunnel.get("state").asText()).isEqualTo("up");
        assertThat(tunnel.get("ofport").asLong()).isEqualTo(2);
        assertThat(tunnel.get("error").isNull()).isTrue();
        JsonNode ghost = json.get("networks").get(1);
        assertThat(ghost.get("name").asText()).isEqualTo("ghost");
        assertThat(ghost.get("vni").isNull()).isTrue();
        assertThat(ghost.get("vlan").asInt()).isEqualTo(3);
        JsonNode gone = json.get("endpoints").get(2);
        assertThat(gone.get("container_id").asText()).isEqualTo(GONE_ID);
        assertThat(gone.get("container_name").isNull()).isTrue();
        assertThat(gone.get("address").asText()).isEqualTo("10.1.0.6/24");
        assertThat(gone.get("address6").isNull()).isTrue();
        assertThat(json.get("problems")).hasSize(7);
        assertThat(json.get("problems").get(0).get("kind").asText()).isEqualTo("port-without-container");
        assertThat(json.get("warnings")).isEmpty();
    }

    @Test
    void hostsShowLivenessAndNetworkNames() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        List<Host> hosts = List.of(
                new Host(new Uuid(UUID.randomUUID()), "h1", Optional.of("192.0.2.1"), Set.of(RED.uuid(), BLUE.uuid()),
                        Optional.of("1.0"), now.minusSeconds(5)),
                new Host(new Uuid(UUID.randomUUID()), "h2-long-name", Optional.empty(), Set.of(), Optional.empty(),
                        now.minus(Duration.ofHours(3))));
        Map<Uuid, String> names = Map.of(RED.uuid(), "red", BLUE.uuid(), "blue");
        assertThat(print(out -> StatusFormat.TEXT.hosts(out, hosts, names, now, Duration.ofSeconds(60)))).isEqualTo("""
                NAME          TUNNEL IP  ALIVE  LAST SEEN  NETWORKS
                h1            192.0.2.1  yes    5s ago     blue,red
                h2-long-name  -          no     3h ago     -
                """);
    }

    @Test
    void hostsAsJson() throws Exception {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        List<Host> hosts = List.of(new Host(new Uuid(UUID.randomUUID()), "h1", Optional.empty(), Set.of(RED.uuid()),
                Optional.empty(), now.minusSeconds(120)));
        JsonNode json = new ObjectMapper().readTree(print(out -> StatusFormat.JSON.hosts(out, hosts,
                Map.of(RED.uuid(), "red"), now, Duration.ofSeconds(60))));
        assertThat(json.get(0).get("name").asText()).isEqualTo("h1");
        assertThat(json.get(0).get("tunnel_ip").isNull()).isTrue();
        assertThat(json.get(0).get("alive").asBoolean()).isFalse();
        assertThat(json.get(0).get("last_seen").asText()).isEqualTo("2026-01-01T11:58:00Z");
        assertThat(json.get(0).get("networks").get(0).asText()).isEqualTo("red");
    }

    @Test
    void unknownFormatIsOneClearLine() {
        assertThatThrownBy(() -> StatusFormat.parse("yaml")).hasMessage(
                "--format yaml is not valid: use --format text or --format json");
    }
}
