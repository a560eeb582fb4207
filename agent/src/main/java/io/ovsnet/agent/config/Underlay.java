package io.ovsnet.agent.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The network that carries tunnel traffic on this host: the tunnel endpoint address and the MTU
 * of the interface that holds it (the input of {@code ContainerMtu}).
 *
 * @param address the tunnel endpoint address ({@code options:remote_ip} on the peers)
 * @param interfaceName the interface holding it
 * @param mtu that interface's MTU
 */
public record Underlay(InetAddress address, String interfaceName, int mtu) {
    private static final Path ROUTES = Path.of("/proc/net/route");

    /**
     * The underlay of an address assigned on this host (in the agent's network namespace).
     *
     * @throws IllegalStateException when no interface here holds {@code address}
     */
    public static Underlay of(InetAddress address) {
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(address);
            if (nic == null) {
                throw new IllegalStateException("no interface holds " + address.getHostAddress()
                        + "; give --encap-ip an address of this host");
            }
            return new Underlay(address, nic.getName(), nic.getMTU());
        } catch (SocketException e) {
            throw new IllegalStateException("cannot read the interfaces of this host: " + e.getMessage(), e);
        }
    }

    /**
     * The underlay of the first IPv4 address of the interface that holds the IPv4 default route.
     *
     * @throws IllegalStateException when there is no default route or its interface has no IPv4 address
     */
    public static Underlay fromDefaultRoute() {
        try {
            String iface = defaultRouteInterface(Files.readAllLines(ROUTES)).orElseThrow(() ->
                    new IllegalStateException("this host has no IPv4 default route; give --encap-ip"));
            NetworkInterface nic = NetworkInterface.getByName(iface);
            InetAddress address = nic == null ? null : nic.inetAddresses()
                    .filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
            if (address == null) {
                throw new IllegalStateException("interface " + iface + " holds the default route but has no "
                        + "IPv4 address; give --encap-ip");
            }
            return new Underlay(address, iface, nic.getMTU());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROUTES + ": " + e.getMessage(), e);
        }
    }

    /** The interface of the default route in the lines of {@code /proc/net/route}, if there is one. */
    static Optional<String> defaultRouteInterface(List<String> routeTable) {
        return routeTable.stream()
                .skip(1)
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000"))
                .map(f -> f[0])
                .findFirst();
    }
}
