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
 * A dual-stack network ({@code --ipv6}) has a second pool, its IPv6 subnet, PoolID
 * {@code NAME}{@link #V6_POOL}: Docker asks for it after the IPv4 pool with the same options, so the
 * network named by the option gets that IPv6 subnet if it has none; without the option the IPv6
 * subnet must already be a network's.
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
    /**
     * Ends the PoolID of a network's IPv6 pool (its IPv4 pool's is the bare name): RequestAddress
     * does not say which family it wants, its PoolID does. Network names cannot hold a '/'.
     */
    static final String V6_POOL = "/ipv6";
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
        Cidr subnet = subnet(request.optional("Pool").orElseThrow(() -> PluginException.failed(
                "ovsnet needs the network's subnet: docker network create --subnet CIDR ...")));
        request.optional("SubPool").filter(sub -> !subnet(sub).equals(subnet)).ifPresent(sub -> {
            throw PluginException.failed("--ip-range " + sub + " is not supported by ovsnet; leave it out");
        });
        Map<String, String> options = request.strings("Options");
        boolean v6 = request.flag("V6");
        if (v6 != (subnet.family() == IpFamily.IPV6)) {
            throw PluginException.failed("subnet " + subnet + " is not " + (v6 ? "IPv6" : "IPv4")
                    + "; give one IPv4 --subnet and, with --ipv6, one IPv6 --subnet");
        }
        String pool = v6 ? networkFor6(subnet, options).name() + V6_POOL : networkFor(subnet, options).name();
        int references = poolReferences.merge(pool, 1, Integer::sum);
        log.info("pool requested pool={} subnet={} references={}", pool, subnet, references);
        return Map.of("PoolID", pool, "Pool", subnet.toString(), "Data", Map.of());
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
        String pool = request.required("PoolID");
        IpFamily family = familyOf(pool);
        Network network = network(pool);
        Cidr subnet = network.subnet(family).orElseThrow(() -> PluginException.failed("network " + network.name()
                + " has no " + family.wireName() + " subnet"));
        Optional<IpAddress> wanted = request.optional("Address").map(IpamDriver::address);
        if (GATEWAY_TYPE.equals(request.strings("Options").get(ADDRESS_TYPE))) {
            IpAddress gateway = network.gateway(family).orElseThrow(() -> PluginException.failed(
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
                    : ipam.leases().allocate(network.name(), family, owner, LeaseKind.ENDPOINT,
                            Optional.of(hostName));
            log.info("address leased pool={} address={} owner={}", pool, lease.address(), owner);
            return Map.of("Address", lease.address() + "/" + subnet.prefixLength(), "Data", Map.of());
        } catch (IpamException | IllegalArgumentException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    /** Idempotent: an address that is not leased, or the gateway, is answered with success. */
    Object releaseAddress(Body request) {
        String pool = request.required("PoolID");
        Network network = network(pool);
        IpAddress address = address(request.required("Address"));
        if (network.gateway(address.family()).filter(address::equals).isPresent()) {
            return Map.of();
        }
        try {
            boolean found = ipam.leases().release(network.name(), address);
            log.info("address released pool={} address={} found={}", pool, address, found);
            return Map.of();
        } catch (IpamException | IllegalArgumentException e) {
            throw PluginException.failed(e.getMessage());
        }
    }

    /** The family of a PoolID's addresses. */
    private static IpFamily familyOf(String pool) {
        return pool.endsWith(V6_POOL) ? IpFamily.IPV6 : IpFamily.IPV4;
    }

    /** The store's network of a PoolID of either family. */
    private Network network(String pool) {
        try {
            return ipam.networks().get(pool.endsWith(V6_POOL) ? pool.substring(0, pool.length() - V6_POOL.length()) : pool);
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

    /**
     * The store's network for an IPv6 pool: the one with that subnet6, else the one named by the
     * option (Docker asks for the IPv4 pool first, which made it), given that IPv6 subnet now.
     * Docker does not say which IPv4 pool goes with an IPv6 one, so without the option the IPv6
     * subnet must already be a network's.
     */
    private Network networkFor6(Cidr subnet6, Map<String, String> options) {
        Optional<String> named = Optional.ofNullable(options.get(NETWORK_OPTION));
        Optional<Network> holder = ipam.networks().list().stream()
                .filter(n -> n.subnet6().filter(subnet6::equals).isPresent()).findFirst();
        if (holder.isPresent()) {
            if (named.isPresent() && !named.get().equals(holder.get().name())) {
                throw PluginException.failed("subnet " + subnet6 + " is ovsnet network " + holder.get().name()
                        + ", not " + named.get() + "; name the network the same way in --ipam-opt and -o "
                        + NETWORK_OPTION + "=NAME");
            }
            return holder.get();
        }
        if (named.isEmpty()) {
            throw PluginException.failed("no ovsnet network has IPv6 subnet " + subnet6 + ": give --ipam-opt "
                    + NETWORK_OPTION + "=NAME, or create it first with 'ovsnet network create NAME --subnet CIDR "
                    + "--subnet " + subnet6 + "'");
        }
        try {
            Network network = ipam.networks().addSubnet6(named.get(), subnet6);
            log.info("network given IPv6 subnet for docker pool network={} subnet6={} gateway6={}", network.name(),
                    subnet6, network.gateway6().map(IpAddress::toString).orElse("-"));
            return network;
        } catch (IpamException | IllegalArgumentException e) {
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
