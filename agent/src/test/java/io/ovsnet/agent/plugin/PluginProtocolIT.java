package io.ovsnet.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.TestbedExtension;
import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protocol conformance of the plugin socket against a real agent (OVS netdev, store, dockerd
 * running but not involved): every path of Plugin, NetworkDriver and IpamDriver with its exact
 * field names, and the failures — malformed JSON, missing fields, unknown ids, double deletes,
 * unknown paths, huge bodies — each with its status and error body, the agent serving on
 * afterwards. Each test uses its own subnet and ids.
 */
class PluginProtocolIT {
    @RegisterExtension
    static final TestbedExtension<PluginHosts> HOSTS = TestbedExtension.of(() -> PluginHosts.start(1));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void activateAnnouncesBothDriversAndTheSocketIsPrivate() throws Exception {
        JsonNode answer = ok("/Plugin.Activate", "");
        assertThat(answer.get("Implements")).extracting(JsonNode::asText).containsExactly("NetworkDriver", "IpamDriver");
        assertThat(ok("/NetworkDriver.GetCapabilities", "{}").get("Scope").asText()).isEqualTo("local");
        JsonNode ipamCaps = ok("/IpamDriver.GetCapabilities", "{}");
        assertThat(ipamCaps.get("RequiresMACAddress").asBoolean()).isFalse();
        assertThat(ok("/IpamDriver.GetDefaultAddressSpaces", "{}").has("LocalDefaultAddressSpace")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PluginHosts.socket(host()))))
                .isEqualTo("rw-------");
        PluginClient.Response raw = client().post("/Plugin.Activate", "{}");
        assertThat(raw.headers()).containsIgnoringCase("application/vnd.docker.plugins.v1+json");
    }

    @Test
    void ipamPoolsAreTheSameForTheSameRequestAndAddressesComeFromTheSharedPool() throws Exception {
        String pool = "{\"AddressSpace\":\"ovsnet\",\"Pool\":\"10.61.0.0/24\",\"SubPool\":\"\",\"Options\":{},\"V6\":false}";
        JsonNode first = ok("/IpamDriver.RequestPool", pool);
        JsonNode second = ok("/IpamDriver.RequestPool", pool);
        String poolId = first.get("PoolID").asText();
        assertThat(second.get("PoolID").asText()).isEqualTo(poolId);
        assertThat(first.get("Pool").asText()).isEqualTo("10.61.0.0/24");
        assertThat(HOSTS.get().ipam().networks().get(poolId).subnet4()).map(Object::toString).contains("10.61.0.0/24");

        JsonNode gateway = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId
                + "\",\"Address\":\"\",\"Options\":{\"RequestAddressType\":\"com.docker.network.gateway\"}}");
        assertThat(gateway.get("Address").asText()).isEqualTo("10.61.0.1/24");
        JsonNode wanted = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"10.61.0.77\"}");
        assertThat(wanted.get("Address").asText()).isEqualTo("10.61.0.77/24");
        JsonNode any = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"\"}");
        assertThat(any.get("Address").asText()).startsWith("10.61.0.").isNotEqualTo("10.61.0.77/24")
                .isNotEqualTo("10.61.0.1/24");
        assertThat(leases(poolId)).filteredOn(l -> l.owner().startsWith("docker-ipam:")).hasSize(2);

        PluginClient.Response taken = client().post("/IpamDriver.RequestAddress",
                "{\"PoolID\":\"" + poolId + "\",\"Address\":\"10.61.0.77\"}");
        assertThat(taken.status()).isEqualTo(500);
        assertThat(error(taken, "Error")).contains("10.61.0.77");

        assertThat(ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"10.61.0.77\"}")
                .isEmpty()).isTrue();
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"10.61.0.77\"}");
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"10.61.0.1\"}");
        assertThat(leases(poolId)).noneMatch(l -> l.address().toString().equals("10.61.0.77"));
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"" + poolId + "\"}");
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"" + poolId + "\"}");
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"" + poolId + "\"}");
    }

    @Test
    void ipv6PoolsAreTheNamedNetworksIPv6SubnetAndEndpointsRecordBothAddresses() throws Exception {
        PluginClient.Response unnamed = client().post("/IpamDriver.RequestPool",
                "{\"Pool\":\"fd00:71::/64\",\"Options\":{},\"V6\":true}");
        assertThat(unnamed.status()).isEqualTo(500);
        assertThat(error(unnamed, "Error")).contains("fd00:71::/64").contains("--ipam-opt").contains("ovsnet network create");

        String named = ",\"Options\":{\"ovsnet.network\":\"dual1\"}";
        assertThat(ok("/IpamDriver.RequestPool", "{\"Pool\":\"10.71.0.0/24\"" + named + ",\"V6\":false}")
                .get("PoolID").asText()).isEqualTo("dual1");
        String v6Pool = "{\"Pool\":\"fd00:71::/64\"" + named + ",\"V6\":true}";
        JsonNode v6 = ok("/IpamDriver.RequestPool", v6Pool);
        String poolId = v6.get("PoolID").asText();
        assertThat(poolId).isEqualTo("dual1/ipv6");
        assertThat(v6.get("Pool").asText()).isEqualTo("fd00:71::/64");
        assertThat(ok("/IpamDriver.RequestPool", v6Pool).get("PoolID").asText()).as("the same request again").isEqualTo(poolId);
        assertThat(ok("/IpamDriver.RequestPool", "{\"Pool\":\"fd00:71::/64\",\"V6\":true}").get("PoolID").asText())
                .as("another host's request without the option finds the network by its subnet").isEqualTo(poolId);
        assertThat(HOSTS.get().ipam().networks().get("dual1").subnets()).extracting(Object::toString)
                .containsExactly("10.71.0.0/24", "fd00:71::/64");

        PluginClient.Response another = client().post("/IpamDriver.RequestPool",
                "{\"Pool\":\"fd00:72::/64\"" + named + ",\"V6\":true}");
        assertThat(another.status()).isEqualTo(500);
        assertThat(error(another, "Error")).contains("dual1").contains("fd00:71::/64");
        ok("/IpamDriver.RequestPool", "{\"Pool\":\"10.72.0.0/24\",\"Options\":{\"ovsnet.network\":\"dual2\"}}");
        PluginClient.Response overlapping = client().post("/IpamDriver.RequestPool",
                "{\"Pool\":\"fd00:71::/80\",\"Options\":{\"ovsnet.network\":\"dual2\"},\"V6\":true}");
        assertThat(overlapping.status()).isEqualTo(500);
        assertThat(error(overlapping, "Error")).contains("overlaps").contains("dual1");
        assertThat(HOSTS.get().ipam().networks().get("dual2").subnet6()).isEmpty();
        String inUse = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"dual2\",\"Address\":\"\"}").get("Address").asText();
        PluginClient.Response used = client().post("/IpamDriver.RequestPool",
                "{\"Pool\":\"fd00:73::/64\",\"Options\":{\"ovsnet.network\":\"dual2\"},\"V6\":true}");
        assertThat(used.status()).isEqualTo(500);
        assertThat(error(used, "Error")).contains("dual2").contains("in use").contains("ovsnet network create");
        assertThat(HOSTS.get().ipam().networks().get("dual2").subnet6()).isEmpty();
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"dual2\",\"Address\":\"" + inUse + "\"}");
        PluginClient.Response wrongFamily = client().post("/IpamDriver.RequestPool", "{\"Pool\":\"10.73.0.0/24\",\"V6\":true}");
        assertThat(wrongFamily.status()).isEqualTo(500);
        assertThat(error(wrongFamily, "Error")).contains("10.73.0.0/24").contains("IPv6");

        assertThat(ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"\",\"Options\":"
                + "{\"RequestAddressType\":\"com.docker.network.gateway\"}}").get("Address").asText())
                .isEqualTo("fd00:71::1/64");
        assertThat(ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"fd00:71::77\"}")
                .get("Address").asText()).isEqualTo("fd00:71::77/64");
        String address6 = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"\"}")
                .get("Address").asText();
        assertThat(address6).startsWith("fd00:71::").endsWith("/64").isNotEqualTo("fd00:71::77/64");
        String address = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"dual1\",\"Address\":\"\"}")
                .get("Address").asText();
        assertThat(address).startsWith("10.71.0.");
        assertThat(leases("dual1")).filteredOn(l -> l.owner().startsWith("docker-ipam:")).hasSize(3)
                .extracting(Lease::owner).doesNotHaveDuplicates();

        PluginClient.Response mixed = client().post("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + id()
                + "\",\"IPv4Data\":[{\"AddressSpace\":\"ovsnet\",\"Pool\":\"10.72.0.0/24\"}],\"IPv6Data\":"
                + "[{\"AddressSpace\":\"ovsnet\",\"Pool\":\"fd00:71::/64\"}]}");
        assertThat(mixed.status()).as("IPv4 from dual2, IPv6 from dual1").isEqualTo(500);
        assertThat(error(mixed, "Err")).contains("dual2").contains("fd00:71::/64");
        String networkId = id();
        String endpointId = id();
        ok("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + networkId + "\",\"IPv4Data\":[{\"AddressSpace\":"
                + "\"ovsnet\",\"Pool\":\"10.71.0.0/24\"}],\"IPv6Data\":[{\"AddressSpace\":\"ovsnet\","
                + "\"Pool\":\"fd00:71::/64\"}]}");
        String endpoint = "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\"" + endpointId + "\",\"Interface\":"
                + "{\"Address\":\"" + address + "\",\"AddressIPv6\":\"%s\",\"MacAddress\":\"\"}}";
        PluginClient.Response notV6 = client().post("/NetworkDriver.CreateEndpoint", endpoint.formatted("10.71.0.9/24"));
        assertThat(notV6.status()).isEqualTo(400);
        assertThat(error(notV6, "Err")).contains("AddressIPv6");
        ok("/NetworkDriver.CreateEndpoint", endpoint.formatted(address6));
        String ids = "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\"" + endpointId + "\"";
        ok("/NetworkDriver.Join", ids + ",\"SandboxKey\":\"/var/run/docker/netns/test\"}");
        String port = EndpointWiring.hostEnd(endpointId);
        assertThat(externalId(host(), port, "ovsnet-ip")).isEqualTo(address);
        assertThat(externalId(host(), port, "ovsnet-ip6")).isEqualTo(address6);
        assertThat(ok("/NetworkDriver.EndpointOperInfo", ids + "}").get("Value").get("ovsnet.ip6").asText())
                .isEqualTo(address6);
        ok("/NetworkDriver.Leave", ids + "}");
        ok("/NetworkDriver.DeleteEndpoint", ids + "}");
        ok("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"" + networkId + "\"}");

        for (String released : new String[] {address6, "fd00:71::77", "fd00:71::1"}) {
            ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"" + released + "\"}");
        }
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"dual1\",\"Address\":\"" + address + "\"}");
        assertThat(leases("dual1")).noneMatch(l -> l.owner().startsWith("docker-ipam:"));
        assertThat(leases("dual1")).extracting(l -> l.address().toString()).as("the gateways stay")
                .containsExactlyInAnyOrder("10.71.0.1", "fd00:71::1");
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"" + poolId + "\"}");
    }

    @Test
    void ipamFailuresAnswerErrorWithTheRightStatus() throws Exception {
        PluginClient.Response unknownPool = client().post("/IpamDriver.RequestAddress",
                "{\"PoolID\":\"no-such-pool\",\"Address\":\"\"}");
        assertThat(unknownPool.status()).isEqualTo(500);
        assertThat(error(unknownPool, "Error")).contains("no-such-pool");

        PluginClient.Response malformed = client().post("/IpamDriver.RequestPool", "{\"Pool\": \"10.62.0.0/24\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(error(malformed, "Error")).contains("malformed JSON");

        PluginClient.Response missing = client().post("/IpamDriver.ReleaseAddress", "{\"Address\":\"10.62.0.5\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(error(missing, "Error")).contains("PoolID");

        PluginClient.Response noSubnet = client().post("/IpamDriver.RequestPool", "{\"AddressSpace\":\"ovsnet\"}");
        assertThat(noSubnet.status()).isEqualTo(500);
        assertThat(error(noSubnet, "Error")).contains("--subnet");

        PluginClient.Response badSubnet = client().post("/IpamDriver.RequestPool", "{\"Pool\":\"10.62.0.0/33\"}");
        assertThat(badSubnet.status()).isEqualTo(400);

        PluginClient.Response notObject = client().post("/IpamDriver.RequestPool", "[1,2]");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(error(notObject, "Error")).contains("object");
    }

    @Test
    void networkDriverWiresAnEndpointByJoinAndRemovesItOnDelete() throws Exception {
        String poolId = ok("/IpamDriver.RequestPool", "{\"Pool\":\"10.63.0.0/24\"}").get("PoolID").asText();
        String networkId = id();
        String endpointId = id();
        ok("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + networkId + "\",\"Options\":{"
                + "\"com.docker.network.generic\":{}},\"IPv4Data\":[{\"AddressSpace\":\"ovsnet\",\"Pool\":\"10.63.0.0/24\","
                + "\"Gateway\":\"10.63.0.1/24\"}],\"IPv6Data\":[]}");
        String address = ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"\"}")
                .get("Address").asText();

        JsonNode created = ok("/NetworkDriver.CreateEndpoint", "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\""
                + endpointId + "\",\"Interface\":{\"Address\":\"" + address + "\",\"AddressIPv6\":\"\",\"MacAddress\":\"\"},"
                + "\"Options\":{}}");
        String mac = created.get("Interface").get("MacAddress").asText();
        assertThat(mac).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");

        String ids = "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\"" + endpointId + "\"";
        JsonNode joined = ok("/NetworkDriver.Join", ids + ",\"SandboxKey\":\"/var/run/docker/netns/test\",\"Options\":{}}");
        String srcName = joined.get("InterfaceName").get("SrcName").asText();
        assertThat(joined.get("InterfaceName").get("DstPrefix").asText()).isEqualTo("eth");
        assertThat(joined.has("Gateway")).as("no Gateway: Docker routes by docker_gwbridge").isFalse();
        assertThat(ok("/NetworkDriver.Join", ids + ",\"SandboxKey\":\"/var/run/docker/netns/test\"}")
                .get("InterfaceName").get("SrcName").asText()).as("a replayed Join").isEqualTo(srcName);

        String port = "ovs" + endpointId.substring(0, 11);
        Host host = host();
        assertThat(host.exec("ip", "-o", "link", "show", srcName).orThrow().stdout()).contains(mac).contains("mtu 1450");
        assertThat(host.exec("ethtool", "-k", srcName).orThrow().stdout()).contains("tx-checksumming: off");
        assertThat(externalId(host, port, "ovsnet-endpoint")).isEqualTo(endpointId);
        assertThat(externalId(host, port, "ovsnet-network")).isEqualTo(poolId);
        assertThat(externalId(host, port, "ovsnet-ip")).isEqualTo(address);
        assertThat(externalId(host, port, "ovsnet-mac")).isEqualTo(mac);
        assertThat(host.exec("ovs-vsctl", "get", "Port", port, "tag").orThrow().stdout().strip()).matches("\\d+");

        JsonNode info = ok("/NetworkDriver.EndpointOperInfo", ids + "}");
        assertThat(info.get("Value").get("ovsnet.ip").asText()).isEqualTo(address);
        ok("/NetworkDriver.ProgramExternalConnectivity", ids + ",\"Options\":{}}");
        ok("/NetworkDriver.RevokeExternalConnectivity", ids + "}");
        ok("/NetworkDriver.DiscoverNew", "{\"DiscoveryType\":1,\"DiscoveryData\":{}}");
        ok("/NetworkDriver.DiscoverDelete", "{\"DiscoveryType\":1,\"DiscoveryData\":{}}");

        ok("/NetworkDriver.Leave", ids + "}");
        ok("/NetworkDriver.Leave", ids + "}");
        ok("/NetworkDriver.DeleteEndpoint", ids + "}");
        assertThat(host.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout()).doesNotContain(port);
        ok("/NetworkDriver.DeleteEndpoint", ids + "}");
        // DeleteEndpoint answers once the port's removal is committed; the veth goes right after.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(host.exec("ip", "link", "show", srcName).succeeded()).isFalse();
            assertThat(host.exec("ip", "link", "show", port).succeeded()).isFalse();
        });
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"" + poolId + "\",\"Address\":\"" + address + "\"}");

        // Docker deletes an endpoint without joining it when it fails in between: the wiring that
        // CreateEndpoint started is finished first and then undone, nothing stays behind.
        String unjoined = id();
        ok("/NetworkDriver.CreateEndpoint", "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\"" + unjoined
                + "\",\"Interface\":{\"Address\":\"" + address + "\",\"AddressIPv6\":\"\",\"MacAddress\":\"\"},"
                + "\"Options\":{}}");
        ok("/NetworkDriver.DeleteEndpoint", "{\"NetworkID\":\"" + networkId + "\",\"EndpointID\":\"" + unjoined + "\"}");
        String unjoinedPort = EndpointWiring.hostEnd(unjoined);
        assertThat(host.exec("ovs-vsctl", "list-ports", "br-ovsnet").orThrow().stdout()).doesNotContain(unjoinedPort);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(host.exec("ip", "link", "show", unjoinedPort).succeeded()).isFalse();
            assertThat(host.exec("ip", "link", "show", EndpointWiring.containerEnd(unjoined)).succeeded()).isFalse();
        });

        ok("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"" + networkId + "\"}");
        ok("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"" + networkId + "\"}");
        assertThat(leases(poolId)).noneMatch(l -> l.owner().startsWith("docker-ipam:"));
    }

    @Test
    void aNetworkNamedByOptionsIsTheStoresNetworkOfThatName() throws Exception {
        String pool = "{\"Pool\":\"10.67.0.0/24\",\"Options\":{\"ovsnet.network\":\"named1\"}}";
        assertThat(ok("/IpamDriver.RequestPool", pool).get("PoolID").asText()).isEqualTo("named1");
        assertThat(HOSTS.get().ipam().networks().get("named1").subnet4()).map(Object::toString).contains("10.67.0.0/24");
        ok("/NetworkDriver.CreateNetwork", createNetwork("named1", "10.67.0.0/24"));
        PluginClient.Response other = client().post("/NetworkDriver.CreateNetwork", createNetwork("other1", "10.67.0.0/24"));
        assertThat(other.status()).isEqualTo(500);
        assertThat(error(other, "Err")).contains("named1").contains("--ipam-opt");
        assertThat(HOSTS.get().ipam().networks().list()).noneMatch(n -> n.name().equals("other1"));
    }

    private static String createNetwork(String name, String subnet) {
        return "{\"NetworkID\":\"" + id() + "\",\"Options\":{\"com.docker.network.generic\":{\"ovsnet.network\":\""
                + name + "\"}},\"IPv4Data\":[{\"AddressSpace\":\"ovsnet\",\"Pool\":\"" + subnet + "\"}]}";
    }

    @Test
    void networkDriverFailuresAnswerErrWithTheRightStatus() throws Exception {
        String ids = "{\"NetworkID\":\"" + id() + "\",\"EndpointID\":\"" + id() + "\"";
        PluginClient.Response unknownJoin = client().post("/NetworkDriver.Join", ids + ",\"SandboxKey\":\"/x\"}");
        assertThat(unknownJoin.status()).isEqualTo(500);
        assertThat(error(unknownJoin, "Err")).contains("unknown endpoint");
        PluginClient.Response unknownInfo = client().post("/NetworkDriver.EndpointOperInfo", ids + "}");
        assertThat(unknownInfo.status()).isEqualTo(500);
        assertThat(error(unknownInfo, "Err")).contains("unknown endpoint");

        PluginClient.Response malformed = client().post("/NetworkDriver.CreateEndpoint", "{\"NetworkID\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(error(malformed, "Err")).contains("malformed JSON");

        PluginClient.Response missing = client().post("/NetworkDriver.CreateEndpoint", "{\"NetworkID\":\"" + id() + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(error(missing, "Err")).contains("EndpointID");

        PluginClient.Response badId = client().post("/NetworkDriver.DeleteEndpoint",
                "{\"NetworkID\":\"" + id() + "\",\"EndpointID\":\"../../etc\"}");
        assertThat(badId.status()).isEqualTo(400);

        PluginClient.Response noAddress = client().post("/NetworkDriver.CreateEndpoint", ids
                + ",\"Interface\":{\"Address\":\"\",\"MacAddress\":\"\"}}");
        assertThat(noAddress.status()).isEqualTo(500);
        assertThat(error(noAddress, "Err")).contains("--ipam-driver ovsnet");

        PluginClient.Response otherIpam = client().post("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + id()
                + "\",\"IPv4Data\":[{\"AddressSpace\":\"LocalDefault\",\"Pool\":\"172.18.0.0/16\"}]}");
        assertThat(otherIpam.status()).isEqualTo(500);
        assertThat(error(otherIpam, "Err")).contains("--ipam-driver ovsnet");
        assertThat(HOSTS.get().ipam().networks().list()).noneMatch(n -> n.name().contains("172.18.0.0"));

        PluginClient.Response noSubnet = client().post("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + id()
                + "\",\"IPv4Data\":[]}");
        assertThat(noSubnet.status()).isEqualTo(500);
        assertThat(error(noSubnet, "Err")).contains("--subnet");
    }

    @Test
    void unknownPathsAndHugeBodiesAreRefusedAndTheAgentServesOn() throws Exception {
        PluginClient.Response unknown = client().post("/NetworkDriver.Teleport", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(error(unknown, "Err")).contains("/NetworkDriver.Teleport");
        PluginClient.Response unknownIpam = client().post("/IpamDriver.Teleport", "{}");
        assertThat(unknownIpam.status()).isEqualTo(404);
        assertThat(error(unknownIpam, "Error")).contains("/IpamDriver.Teleport");

        byte[] huge = new byte[PluginServer.MAX_BODY * 4];
        java.util.Arrays.fill(huge, (byte) ' ');
        PluginClient.Response tooLarge = client().post("/NetworkDriver.CreateNetwork", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(error(tooLarge, "Err")).contains("larger than");
        PluginClient.Response tooLargeIpam = client().post("/IpamDriver.RequestPool", huge);
        assertThat(tooLargeIpam.status()).isEqualTo(413);
        assertThat(error(tooLargeIpam, "Error")).contains("larger than");

        assertThat(ok("/Plugin.Activate", "").has("Implements")).isTrue();
    }

    @Test
    void requestsBeforeTheStartupReconcileWaitBrieflyThenAreRefusedAsRetryable() throws Exception {
        Host h = host();
        Path socket = h.runDirectory().resolve("early-" + id().substring(0, 8) + ".sock");
        try (OvsdbClient client = OvsdbClient.connect(ClientOptions.builder(h.ovsdbRemote()).build())
                        .get(10, TimeUnit.SECONDS);
                LocalSwitch sw = LocalSwitch.open(client, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                NetlinkHandle netlink = NetlinkHandle.open(Namespace.named(h.namespace()))) {
            IntegrationBridge bridge = new IntegrationBridge(sw, "br-ovsnet");
            HostPlumbing plumbing = new HostPlumbing(h.name(), netlink, bridge, new ContainerPorts(bridge),
                    HOSTS.get().ipam(), network -> 1, PluginHosts.underlay(h));
            CompletableFuture<Void> ready = new CompletableFuture<>();
            SocketChannel keptAlive = SocketChannel.open(StandardProtocolFamily.UNIX);
            try (Attacher attacher = new Attacher(plumbing, 1);
                    PluginServer server = PluginServer.start(socket, plumbing, attacher, ready)) {
                long started = System.nanoTime();
                PluginClient.Response early = new PluginClient(socket).post("/IpamDriver.GetCapabilities", "{}");
                assertThat(early.status()).isEqualTo(503);
                assertThat(error(early, "Error")).contains("try again");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(PluginServer.READY_WAIT_SECONDS));

                CompletableFuture<PluginClient.Response> waiting = CompletableFuture.supplyAsync(
                        () -> new PluginClient(socket).post("/Plugin.Activate", ""));
                Thread.sleep(300);
                assertThat(waiting).as("a request before ready waits for it").isNotDone();
                ready.complete(null);
                assertThat(waiting.get(10, TimeUnit.SECONDS).status()).as("a request waiting when ready comes").isEqualTo(200);

                // Docker keeps its connections open between requests, as here.
                keptAlive.connect(UnixDomainSocketAddress.of(socket));
                keptAlive.write(ByteBuffer.wrap(("POST /Plugin.Activate HTTP/1.1\r\nHost: plugin\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer answer = ByteBuffer.allocate(4096);
                keptAlive.read(answer);
                assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200");
            }
            // Closed with the server: a connection left open without a reader would swallow
            // Docker's next request to a restarted agent and never answer it.
            try (keptAlive) {
                keptAlive.configureBlocking(false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int read = 0;
                while (read == 0 && System.nanoTime() < deadline) {
                    read = keptAlive.read(ByteBuffer.allocate(64));
                    Thread.sleep(20);
                }
                assertThat(read).as("end of stream on Docker's kept-alive connection").isEqualTo(-1);
            }
        }
        assertThat(socket).as("socket file removed on close").doesNotExist();
    }

    private static JsonNode ok(String path, String body) throws Exception {
        PluginClient.Response response = client().post(path, body);
        assertThat(response.status()).as("%s %s -> %s", path, body, response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.isObject()).as("%s answers an object: %s", path, response.body()).isTrue();
        assertThat(answer.has("Err") || answer.has("Error")).as("%s answers no error: %s", path, response.body())
                .isFalse();
        return answer;
    }

    /** The error message under {@code field}, checking that the body carries nothing else. */
    private static String error(PluginClient.Response response, String field) throws Exception {
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.size()).as("error body %s", response.body()).isEqualTo(1);
        assertThat(answer.has(field)).as("error body %s has %s", response.body(), field).isTrue();
        return answer.get(field).asText();
    }

    private static String externalId(Host host, String port, String key) {
        return host.exec("ovs-vsctl", "get", "Port", port, "external_ids:" + key).orThrow().stdout().strip()
                .replaceAll("^\"|\"$", "");
    }

    private static java.util.List<Lease> leases(String network) {
        return HOSTS.get().ipam().leases().list(Optional.of(network));
    }

    private static String id() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Host host() {
        return HOSTS.get().host(1);
    }

    private static PluginClient client() {
        return HOSTS.get().client(1);
    }
}
