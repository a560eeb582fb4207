package io.ovsnet.agent.overlay;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.overlay.ContainerMtu.HostUnderlay;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MTU of each network's containers on this host, the same as on every other host
 * ({@link ContainerMtu#shared}): computed from this host's underlay and the underlay MTU that every
 * other host recorded in the store.
 *
 * <p>Every host of the store counts, not only those with endpoints in the network: then a
 * network's MTU does not change as containers come and go (a host's first container in a network
 * would otherwise lower the MTU of every running container of it elsewhere), and it only drops
 * when a host with a smaller underlay registers. A host whose record has no underlay MTU (an
 * agent older than schema 1.1.0, or a store not upgraded yet) is left out, logged once.
 */
public final class HostMtus {
    private static final Logger log = LoggerFactory.getLogger(HostMtus.class);

    private final String self;
    private final Underlay underlay;
    private final Supplier<? extends Collection<Host>> hosts;
    /** Hosts whose missing underlay MTU was logged. */
    private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

    /**
     * @param self this host's name in the store (its own record is replaced by {@code underlay})
     * @param underlay this host's underlay
     * @param hosts the store's hosts as last seen; called at every computation, must not block
     */
    public HostMtus(String self, Underlay underlay, Supplier<? extends Collection<Host>> hosts) {
        this.self = self;
        this.underlay = underlay;
        this.hosts = hosts;
    }

    /** A host that knows of no other (tests of the attach pipeline alone). */
    public static HostMtus alone(String self, Underlay underlay) {
        return new HostMtus(self, underlay, List::of);
    }

    /**
     * The MTU of {@code network}'s container interfaces.
     *
     * @throws IllegalArgumentException when this host's underlay cannot carry the network
     */
    public int of(Network network) {
        List<HostUnderlay> others = new ArrayList<>();
        for (Host host : hosts.get()) {
            if (host.name().equals(self)) {
                continue;
            }
            if (host.underlayMtu().isEmpty()) {
                if (unknownLogged.add(host.name())) {
                    log.info("host records no underlay MTU, left out of container MTUs host={} version={}",
                            host.name(), host.version().orElse("-"));
                }
                continue;
            }
            unknownLogged.remove(host.name());
            others.add(new HostUnderlay(host.name(), host.underlayMtu().getAsInt(), addressOf(host)));
        }
        return ContainerMtu.shared(new HostUnderlay(self, underlay.mtu(), underlay.address()), others,
                Encapsulation.ofOvsType(network.encap().wireName()),
                network.mtu() == 0 ? OptionalInt.empty() : OptionalInt.of((int) network.mtu()));
    }

    /** The host's tunnel address, or this host's when it records none it can be parsed (same family then). */
    private InetAddress addressOf(Host host) {
        try {
            return host.tunnelIp().map(IpAddress::parse).map(IpAddress::toInetAddress).orElse(underlay.address());
        } catch (IllegalArgumentException e) {
            return underlay.address();
        }
    }
}
