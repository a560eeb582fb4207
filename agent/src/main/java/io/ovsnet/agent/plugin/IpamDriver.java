package io.ovsnet.agent.plugin;

import io.ovsnet.ipam.IpamException;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.NetworkSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libnetwork's remote IPAM driver ({@code IpamDriver.*}, moby/libnetwork docs/ipam.md) on the
 * shared pool. A Docker pool is an ovsnet network: its PoolID is the network's name, found by the
 * {@code --ipam-opt ovsnet.network=NAME} option or by its subnet, and created in the store when no
 * network has that subnet (named NAME, else {@code docker-A.B.C.D-LEN}: Docker does not tell a
 * plugin its network's name). Every host asking for the same subnet therefore gets the same network.
 *
 * <p>Addresses Docker asks for are leases of kind endpoint whose owner starts with
 * {@link #OWNER_PREFIX}: Docker holds them and gives them back with ReleaseAddress, so the agent's
 * garbage collection leaves them alone ({@link DockerOwnership}). The gateway is the network's own
 * gateway lease.
 */
final class IpamDriver {
    private static final Logger log = LoggerFactory.getLogger(IpamDriver.class);
    /** The owner of every lease Docker asked for: this prefix and a random id. */
    static final String OWNER_PREFIX = "docker-ipam:";
    static final String NETWORK_OPTION = "ovsnet.network";
    static final String ENCAP_OPTION = "ovsnet.encap";
    /** The address space of every ovsnet pool, local and global alike. */
    static final String ADDRESS_SPACE = "ovsnet";
    private static final String ADDRESS_TYPE = "RequestAddressType";
    private static final String GATEWAY_TYPE = "com.docker.network.gateway";

    private final Ipam ipam;
    private final String hostName;
    /** How many RequestPool calls each pool has had without a ReleasePool (this agent's lifetime). */
    private final Map<String, Integer> poolReferences = new ConcurrentHashMap<>();

    IpamDriver(Ipam ipam, String hostName) {
        this.ipam = ipam;
        this.hostName = hostName;
    }

    Object capabilities(Body request) {
        return Map.of("RequiresMACAddress", false, "RequiresRequestReplay", false);
    }

    Object defaultAddressSpaces(Body request) {
        return Map.of("LocalDefaultAddressSpace", ADDRESS_SPACE, "GlobalDefaultAddressSpace", ADDRESS_SPACE);
    }

    /** Idempotent: the same request gives the same pool; counts a reference. */
    Object requestPool(Body request) {
        if (request.flag("V6")) {
            throw PluginException.failed("ovsnet's IPAM serves IPv4 pools only; create the network without --ipv6");
        }
        Cidr subnet = subnet(request.optional("Pool").orElseThrow(() -> PluginException.failed(
                "ovsnet needs the network's subnet: docker network create --subnet CIDR ...")));
        request.optional("SubPool").filter(sub -> !subnet(sub).equals(subnet)).ifPresent(sub -> {
            throw PluginException.failed("--ip-range " + sub + " is not supported by ovsnet; leave it out");
        });
        Map<String, String> options = request.strings("Options");
        Network network = networkFor(subnet, options);
        int references = poolReferences.merge(network.name(), 1, Integer::sum);
        log.info("pool requested pool={} subnet={} references={}", network.name(), subnet, references);
        return Map.of("PoolID", network.name(), "Pool", subnet.toString(), "Data", Map.of());
    }

    /** Idempotent: releasing an unknown or released pool is not an error. The store's network stays (other hosts may use it). */
    Object releasePool(Body request) {
        String pool = request.required("PoolID");
        Integer left = poolReferences.computeIfPresent(pool, (k, n) -> n > 1 ? n - 1 : null);
        log.info("pool released pool={} references={}", pool, left == null ? 0 : left);
        return Map.of();
    }

    /** The gateway request answers the network's gateway; others lease a given or any free address. */
    Object requestAddress(Body request) {
        Network network = network(request.required("PoolID"));
        Cidr subnet = network.subnet4().orElseThrow(() -> PluginException.failed("network " + network.name()
                + " has no IPv4 subnet"));
        Optional<IpAddress> wanted = request.optional("Address").map(IpamDriver::address);
        if (GATEWAY_TYPE.equals(request.strings("Options").get(ADDRESS_TYPE))) {
            IpAddress gateway = network.gateway(IpFamily.IPV4).orElseThrow(() -> PluginException.failed(
                    "network " + network.name() + " has no gateway"));
            if (wanted.isPresent() && !wanted.get().equals(gateway)) {
                throw PluginException.failed("the gateway of network " + network.name() + " is " + gateway
                        + "; leave --gateway out or give --gateway " + gateway);
            }
            return Map.of("Address", gateway + "/" + subnet.prefixLength(), "Data", Map.of());
        }
        String owner = OWNER_PREFIX + UUID.randomUUID();
        try {
            Lease lease = wanted.isPresent()
                    ? ipam.leases().reserve(network.name(), wanted.get(), owner, LeaseKind.ENDPOINT,
                            Optional.of(hostName))
                    : ipam.leases().allocate(network.name(), IpFamily.IPV4, owner, LeaseKind.ENDPOINT,
                            Optional.of(hostName));
            log.info("address leased pool={} address={} owner={}", network.name(), lease.address(), owner);
            return Map.of("Address", lease.address() + "/" + subnet.prefixLength(), "Data", Map.of());
        } catch (IpamException | IllegalArgumentException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    /** Idempotent: an address that is not leased, or the gateway, is answered with success. */
    Object releaseAddress(Body request) {
        Network network = network(request.required("PoolID"));
        IpAddress address = address(request.required("Address"));
        if (network.gateway(address.family()).filter(address::equals).isPresent()) {
            return Map.of();
        }
        try {
            boolean found = ipam.leases().release(network.name(), address);
            log.info("address released pool={} address={} found={}", network.name(), address, found);
            return Map.of();
        } catch (IpamException | IllegalArgumentException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    private Network network(String pool) {
        try {
            return ipam.networks().get(pool);
        } catch (IpamException e) {
            throw PluginException.failed("unknown pool " + pool + ": " + e.getMessage());
        }
    }

    /** The store's network for {@code subnet}: named by the option, else the one with that subnet, else a new one. */
    Network networkFor(Cidr subnet, Map<String, String> options) {
        Optional<String> named = Optional.ofNullable(options.get(NETWORK_OPTION));
        List<Network> all = ipam.networks().list();
        Optional<Network> existing = named.isPresent()
                ? all.stream().filter(n -> n.name().equals(named.get())).findFirst()
                : all.stream().filter(n -> n.subnet4().filter(subnet::equals).isPresent()).findFirst();
        if (existing.isPresent()) {
            if (existing.get().subnet4().filter(subnet::equals).isEmpty()) {
                throw PluginException.failed("ovsnet network " + existing.get().name() + " has subnet "
                        + existing.get().subnet4().map(Cidr::toString).orElse("none") + ", not " + subnet
                        + "; give --subnet " + existing.get().subnet4().map(Cidr::toString).orElse("") + " or another name");
            }
            return existing.get();
        }
        Optional<Network> holder = all.stream().filter(n -> n.subnet4().filter(subnet::equals).isPresent()).findFirst();
        if (holder.isPresent()) {
            throw PluginException.failed("subnet " + subnet + " is ovsnet network " + holder.get().name() + ", not "
                    + named.orElse("") + "; name the network the same way in --ipam-opt and -o " + NETWORK_OPTION + "=NAME");
        }
        String name = named.orElse("docker-" + subnet.network() + "-" + subnet.prefixLength());
        try {
            Encap encap = Encap.parse(options.getOrDefault(ENCAP_OPTION, "vxlan"));
            Network created = ipam.networks().create(new NetworkSpec(name, List.of(subnet), List.of(), List.of(),
                    encap, OptionalLong.empty(), 0, Map.of()));
            log.info("network created for docker pool network={} subnet={} vni={}", name, subnet, created.vni());
            return created;
        } catch (IpamException e) {
            if (e.reason() == IpamException.Reason.NETWORK_EXISTS) {
                return network(name);
            }
            throw PluginException.failed(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    static Cidr subnet(String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw PluginException.badRequest("not a subnet: " + text + " (" + e.getMessage() + ")");
        }
    }

    /** An address as Docker sends it, with or without a prefix length. */
    static IpAddress address(String text) {
        try {
            return IpAddress.parse(text.replaceFirst("/.*", ""));
        } catch (IllegalArgumentException e) {
            throw PluginException.badRequest("not an address: " + text + " (" + e.getMessage() + ")");
        }
    }
}
