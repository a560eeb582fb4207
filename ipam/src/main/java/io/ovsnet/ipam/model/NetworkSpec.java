package io.ovsnet.ipam.model;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.pool.Pool;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A validated request to create a network. The constructor refuses, with a message naming the
 * offending value, anything the store would otherwise hold wrong: a bad name, two subnets of one
 * family, a subnet too small to lease from, a gateway or exclusion outside its subnet, a VNI or
 * MTU out of range.
 *
 * @param gateways at most one per family; a family without one gets the first address of its pool
 * @param vni      empty: the store picks the lowest free VNI
 * @param mtu      0: computed from the underlay by the agent
 */
public record NetworkSpec(String name, List<Cidr> subnets, List<IpAddress> gateways, List<AddressRange> exclude,
                          Encap encap, OptionalLong vni, long mtu, Map<String, String> options) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final long MIN_IPV4_MTU = 68;
    private static final long MIN_IPV6_MTU = 1280;
    private static final long MAX_MTU = 65535;

    public NetworkSpec {
        subnets = List.copyOf(subnets);
        gateways = List.copyOf(gateways);
        exclude = List.copyOf(exclude);
        options = Map.copyOf(options);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid network name '" + name
                    + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("network " + name + " needs a subnet (--subnet CIDR)");
        }
        Map<IpFamily, Cidr> byFamily = new EnumMap<>(IpFamily.class);
        for (Cidr s : subnets) {
            if (byFamily.put(s.family(), s) != null) {
                throw new IllegalArgumentException("network " + name + " has two " + s.family().wireName()
                        + " subnets; give at most one IPv4 and one IPv6 subnet");
            }
            new Pool(s, exclude);
        }
        for (AddressRange r : exclude) {
            if (!byFamily.containsKey(r.family())) {
                throw new IllegalArgumentException("exclusion " + r + " is " + r.family().wireName()
                        + " but network " + name + " has no " + r.family().wireName() + " subnet");
            }
        }
        Map<IpFamily, IpAddress> gatewayByFamily = new EnumMap<>(IpFamily.class);
        for (IpAddress g : gateways) {
            Cidr s = byFamily.get(g.family());
            if (s == null) {
                throw new IllegalArgumentException("gateway " + g + " is " + g.family().wireName() + " but network "
                        + name + " has no " + g.family().wireName() + " subnet");
            }
            if (gatewayByFamily.put(g.family(), g) != null) {
                throw new IllegalArgumentException("network " + name + " has two " + g.family().wireName() + " gateways");
            }
            try {
                new Pool(s, exclude).checkRequestable(g);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid gateway: " + e.getMessage(), e);
            }
        }
        vni.ifPresent(v -> {
            if (v < 1 || v > Network.MAX_VNI) {
                throw new IllegalArgumentException("VNI " + v + " is outside 1.." + Network.MAX_VNI);
            }
        });
        long minMtu = byFamily.containsKey(IpFamily.IPV6) ? MIN_IPV6_MTU : MIN_IPV4_MTU;
        if (mtu != 0 && (mtu < minMtu || mtu > MAX_MTU)) {
            throw new IllegalArgumentException("MTU " + mtu + " is outside " + minMtu + ".." + MAX_MTU
                    + " (0 computes it from the underlay)");
        }
    }

    public Optional<Cidr> subnet(IpFamily family) {
        return subnets.stream().filter(s -> s.family() == family).findFirst();
    }

    /** The gateway of a family: the one given, else the first address of the pool. */
    public Optional<IpAddress> gateway(IpFamily family) {
        return subnet(family).map(s -> gateways.stream().filter(g -> g.family() == family).findFirst()
                .orElseGet(() -> {
                    Pool pool = new Pool(s, exclude);
                    BigInteger first = pool.nextFree(pool.firstOffset(), offset -> false).orElseThrow(
                            () -> new IllegalArgumentException("subnet " + s + " has no address left for a gateway"
                                    + " after the exclusions"));
                    return s.addressAt(first);
                }));
    }
}
