package io.ovsnet.agent.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A unicast route of the main table: a destination prefix reached through a gateway, or
 * directly through a link (a connected route), or both. A default route has the destination
 * {@code 0.0.0.0/0} or {@code ::/0}.
 *
 * @param destination the prefix; its host bits must be zero
 * @param gateway the next hop, if any
 * @param device the name of the outgoing link, if any
 */
public record Route(Address destination, Optional<InetAddress> gateway, Optional<String> device) {
    public Route {
        if (gateway.isEmpty() && device.isEmpty()) {
            throw new IllegalArgumentException("route to " + destination
                    + " needs a gateway or a device");
        }
        gateway.ifPresent(gw -> {
            if (gw.getClass() != destination.ip().getClass()) {
                throw new IllegalArgumentException("gateway " + gw.getHostAddress()
                        + " is not in the family of " + destination);
            }
        });
    }

    /** The default route through {@code gateway} ({@code 0.0.0.0/0} or {@code ::/0}). */
    public static Route defaultVia(InetAddress gateway) {
        int family = gateway instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
        return new Route(Address.anyOf(family), Optional.of(gateway), Optional.empty());
    }

    /** The default route through {@code gateway} on link {@code device}. */
    public static Route defaultVia(InetAddress gateway, String device) {
        return defaultVia(gateway).withDevice(device);
    }

    /** A connected route: {@code destination} is reached directly on {@code device}. */
    public static Route connected(Address destination, String device) {
        return new Route(destination, Optional.empty(), Optional.of(device));
    }

    /** {@code destination} through {@code gateway}. */
    public static Route via(Address destination, InetAddress gateway) {
        return new Route(destination, Optional.of(gateway), Optional.empty());
    }

    /** This route, leaving through {@code device}. */
    public Route withDevice(String device) {
        return new Route(destination, gateway, Optional.of(device));
    }

    /** Whether this is a default route (prefix length 0). */
    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }

    @Override
    public String toString() {
        return (isDefault() ? "default" : destination.toString())
                + gateway.map(gw -> " via " + gw.getHostAddress()).orElse("")
                + device.map(dev -> " dev " + dev).orElse("");
    }
}
