package io.ovsnet.agent.plugin;

import static io.ovsnet.agent.attach.PipelineWait.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.address.MacAddress;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libnetwork's remote network driver ({@code NetworkDriver.*}, moby/libnetwork docs/remote.md).
 * A Docker network is the ovsnet network of its pool ({@link IpamDriver}); a name given with
 * {@code -o ovsnet.network=NAME} must agree with the pool's ({@code --ipam-opt ovsnet.network=NAME}), and
 * an IPv6 pool must be the same network's. CreateEndpoint records the addresses Docker's IPAM gave
 * (the IPv6 one as {@code ovsnet-ip6}; Docker sets it in the container, without DAD) and starts
 * wiring the veth and the port ({@link EndpointWiring}), which runs while Docker builds the
 * sandbox; Join waits until the port is applied and answers SrcName and DstPrefix
 * {@code eth} without a Gateway, so Docker gives the container its default route through
 * {@code docker_gwbridge}; DeleteEndpoint removes the port and the veth.
 * Deletes and Leave of unknown ids succeed (Docker may repeat them); everything else about an
 * unknown id fails with a message.
 */
final class NetworkDriver {
    private static final Logger log = LoggerFactory.getLogger(NetworkDriver.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12,64}");
    private static final String GENERIC = "com.docker.network.generic";

    private final IpamDriver ipam;
    private final Ipam store;
    private final EndpointWiring wiring;
    /** Docker NetworkID to ovsnet network name, learnt from CreateNetwork (else from the endpoint's address). */
    private final Map<String, String> networks = new ConcurrentHashMap<>();
    /** Endpoints created and not deleted; after an agent restart, joined ones are found through their ports. */
    private final Map<String, DockerEndpoint> endpoints = new ConcurrentHashMap<>();
    /** Wirings started by CreateEndpoint, awaited by Join and DeleteEndpoint; removed by DeleteEndpoint. */
    private final Map<String, CompletableFuture<ContainerPort>> wirings = new ConcurrentHashMap<>();

    NetworkDriver(IpamDriver ipam, Ipam store, EndpointWiring wiring) {
        this.ipam = ipam;
        this.store = store;
        this.wiring = wiring;
    }

    Object capabilities(Body request) {
        return Map.of("Scope", "local", "ConnectivityScope", "global");
    }

    /** Idempotent: maps the Docker network to the ovsnet network of its subnet, creating that one if needed. */
    Object createNetwork(Body request) {
        String id = id(request, "NetworkID");
        JsonNode ipv4 = request.json().get("IPv4Data");
        if (ipv4 == null || !ipv4.isArray() || ipv4.isEmpty() || !ipv4.get(0).isObject()) {
            throw PluginException.failed("an ovsnet network needs an IPv4 subnet: docker network create -d ovsnet "
                    + "--ipam-driver ovsnet --subnet CIDR NAME");
        }
        Body data = new Body(request.method(), ipv4.get(0));
        data.optional("AddressSpace").filter(space -> !space.equals(IpamDriver.ADDRESS_SPACE)).ifPresent(space -> {
            throw PluginException.failed("the network's addresses come from address space " + space
                    + ", not from ovsnet's shared pool: create it with --ipam-driver ovsnet");
        });
        Cidr subnet = IpamDriver.subnet(data.required("Pool"));
        Map<String, String> options = request.object("Options").strings(GENERIC);
        Network network = ipam.networkFor(subnet, options);
        ipv6Pool(request).ifPresent(subnet6 -> {
            if (network.subnet6().filter(subnet6::equals).isEmpty()) {
                throw PluginException.failed("IPv6 subnet " + subnet6 + " is not ovsnet network " + network.name()
                        + "'s (" + network.subnet6().map(Cidr::toString).orElse("none") + "): give both subnets the same "
                        + "--ipam-opt " + IpamDriver.NETWORK_OPTION + "=NAME");
            }
        });
        networks.put(id, network.name());
        log.info("docker network created network={} dockerNetwork={} subnet={}", network.name(), id, subnet);
        return Map.of();
    }

    /** The IPv6 subnet of a dual-stack network's CreateNetwork, if it has one. */
    private static Optional<Cidr> ipv6Pool(Body request) {
        JsonNode ipv6 = request.json().get("IPv6Data");
        if (ipv6 == null || !ipv6.isArray() || ipv6.isEmpty() || !ipv6.get(0).isObject()) {
            return Optional.empty();
        }
        Body data = new Body(request.method(), ipv6.get(0));
        data.optional("AddressSpace").filter(space -> !space.equals(IpamDriver.ADDRESS_SPACE)).ifPresent(space -> {
            throw PluginException.failed("the network's IPv6 addresses come from address space " + space
                    + ", not from ovsnet's shared pool: create it with --ipam-driver ovsnet");
        });
        return data.optional("Pool").map(IpamDriver::subnet);
    }

    /** Idempotent. The ovsnet network stays in the store: other hosts may use it. */
    Object deleteNetwork(Body request) {
        String id = id(request, "NetworkID");
        String name = networks.remove(id);
        log.info("docker network deleted dockerNetwork={} network={}", id, name);
        return Map.of();
    }

    /** Idempotent per EndpointID; answers the MAC when Docker did not give one. */
    Object createEndpoint(Body request) {
        String networkId = id(request, "NetworkID");
        String endpointId = id(request, "EndpointID");
        Body iface = request.object("Interface");
        String address = iface.optional("Address").orElseThrow(() -> PluginException.failed(
                "endpoint " + endpointId + " has no IPv4 address: create the network with --ipam-driver ovsnet"));
        IpAddress ip = IpamDriver.address(address);
        if (!address.contains("/")) {
            throw PluginException.badRequest("Interface.Address " + address + " has no prefix length");
        }
        Optional<String> address6 = iface.optional("AddressIPv6");
        address6.ifPresent(v6 -> {
            if (IpamDriver.address(v6).family() != IpFamily.IPV6 || !v6.contains("/")) {
                throw PluginException.badRequest("Interface.AddressIPv6 " + v6 + " is not an IPv6 address with prefix length");
            }
        });
        String network = networks.computeIfAbsent(networkId, k -> networkOf(ip, address));
        Optional<String> givenMac = iface.optional("MacAddress");
        String mac = givenMac.map(NetworkDriver::mac).orElseGet(() -> MacAddress.derivedFrom(ip).toString());
        DockerEndpoint endpoint = new DockerEndpoint(endpointId, network, address, address6, mac);
        endpoints.put(endpointId, endpoint);
        wirings.computeIfAbsent(endpointId, k -> wiring.wireLater(endpoint));
        log.info("docker endpoint created endpoint={} network={} ip={} ip6={} mac={}", endpointId, network, address,
                address6.orElse("-"), mac);
        return givenMac.isPresent() ? Map.of("Interface", Map.of()) : Map.of("Interface", Map.of("MacAddress", mac));
    }

    Object endpointInfo(Body request) {
        id(request, "NetworkID");
        DockerEndpoint endpoint = endpoint(id(request, "EndpointID"));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ovsnet.network", endpoint.network());
        value.put("ovsnet.ip", endpoint.address());
        endpoint.address6().ifPresent(v6 -> value.put("ovsnet.ip6", v6));
        value.put("ovsnet.mac", endpoint.mac());
        value.put("ovsnet.port", EndpointWiring.hostEnd(endpoint.id()));
        return Map.of("Value", value);
    }

    /** Idempotent: deleting an unknown or deleted endpoint succeeds. */
    Object deleteEndpoint(Body request) {
        id(request, "NetworkID");
        String endpointId = id(request, "EndpointID");
        CompletableFuture<ContainerPort> wired = wirings.remove(endpointId);
        if (wired != null) {
            wired.handle((port, failure) -> null).join(); // the removal must not overtake the wiring
        }
        wiring.remove(endpointId);
        endpoints.remove(endpointId);
        log.info("docker endpoint deleted endpoint={}", endpointId);
        return Map.of();
    }

    /**
     * Takes in the endpoints whose ports are on the bridge, as an agent started after their
     * CreateEndpoint finds them, so that a lost bridge gets their ports back too.
     */
    void learn(List<ContainerPort> ports) {
        ports.stream().filter(DockerEndpoint::owns).forEach(p -> endpoints.putIfAbsent(p.endpoint(), DockerEndpoint.of(p)));
    }

    /** The ids of the endpoints created and not deleted. */
    Set<String> endpointIds() {
        return Set.copyOf(endpoints.keySet());
    }

    /**
     * Wires the endpoint's port again after it was lost with the bridge or deleted from it; false
     * when there was nothing to wire (the endpoint was deleted meanwhile, or its veth is gone with
     * its container). Runs on
     * the endpoint's lane, in order with Docker's requests for it, and after the wiring its
     * CreateEndpoint started.
     */
    boolean rewire(String endpointId) {
        DockerEndpoint endpoint = endpoints.get(endpointId);
        if (endpoint == null) {
            return false;
        }
        CompletableFuture<ContainerPort> started = wirings.get(endpointId);
        if (started != null) {
            started.handle((port, failure) -> null).join(); // never two wirings of one endpoint at once
        }
        Optional<ContainerPort> port = wiring.rewire(endpoint);
        port.ifPresent(p -> log.info("endpoint wired again endpoint={} network={} ip={} port={}", endpointId,
                endpoint.network(), endpoint.address(), p.name()));
        return port.isPresent();
    }

    /** Idempotent: a replayed Join answers the same names. */
    Object join(Body request) {
        id(request, "NetworkID");
        String endpointId = id(request, "EndpointID");
        request.required("SandboxKey");
        ContainerPort port = wired(endpointId);
        log.info("docker endpoint joined endpoint={} sandbox={} port={}", endpointId,
                request.optional("SandboxKey").orElse(""), port.name());
        return Map.of("InterfaceName", Map.of("SrcName", EndpointWiring.containerEnd(endpointId), "DstPrefix", "eth"),
                "DisableGatewayService", false);
    }

    /**
     * Nothing to undo before DeleteEndpoint, which Docker sends next: the port stays until then,
     * which spares ovs-vswitchd one reconfiguration per stopping container. Idempotent.
     */
    Object leave(Body request) {
        id(request, "NetworkID");
        log.info("docker endpoint left endpoint={}", id(request, "EndpointID"));
        return Map.of();
    }

    /** External connectivity is docker_gwbridge's (Docker's own), discovery is the store's: nothing to do. */
    Object nothing(Body request) {
        return Map.of();
    }

    /**
     * The endpoint's port once wired: the wiring CreateEndpoint started, or (after an agent restart,
     * or when that wiring failed) a wiring done now, which reports the failure if there is one.
     */
    private ContainerPort wired(String endpointId) {
        CompletableFuture<ContainerPort> started = wirings.get(endpointId);
        if (started != null) {
            try {
                return await(started);
            } catch (RuntimeException e) {
                log.info("endpoint wiring failed, trying again endpoint={} reason={}", endpointId, e.getMessage());
            }
        }
        return wiring.wire(endpoint(endpointId));
    }

    private DockerEndpoint endpoint(String endpointId) {
        DockerEndpoint known = endpoints.get(endpointId);
        if (known != null) {
            return known;
        }
        return wiring.port(endpointId).map(DockerEndpoint::of).orElseThrow(() -> PluginException.failed(
                "unknown endpoint " + endpointId + ": it was not created through this agent, or was deleted"));
    }

    /** The ovsnet network holding a Docker lease of {@code ip} (after an agent restart, when CreateNetwork is not replayed). */
    private String networkOf(IpAddress ip, String address) {
        try {
            return store.leases().list(Optional.empty()).stream()
                    .filter(l -> l.address().equals(ip) && l.owner().startsWith(IpamDriver.OWNER_PREFIX))
                    .map(l -> store.networks().list().stream().filter(n -> n.uuid().equals(l.network())).findFirst())
                    .flatMap(Optional::stream).map(Network::name).findFirst()
                    .orElseThrow(() -> PluginException.failed("no ovsnet network holds a lease of " + address
                            + ": create the Docker network with --ipam-driver ovsnet"));
        } catch (IpamException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    private static String id(Body request, String field) {
        String id = request.required(field);
        if (!ID.matcher(id).matches()) {
            throw PluginException.badRequest(request.method() + ": " + field + " " + id
                    + " is not a Docker id (12 to 64 lower-case hex digits)");
        }
        return id;
    }


    private static String mac(String text) {
        try {
            return MacAddress.parse(text).toString();
        } catch (IllegalArgumentException e) {
            throw PluginException.badRequest("Interface.MacAddress " + text + " is not a MAC address");
        }
    }
}
