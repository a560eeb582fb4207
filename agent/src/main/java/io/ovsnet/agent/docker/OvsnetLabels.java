package io.ovsnet.agent.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The container labels that ask ovsnet for an interface (event mode, ARCHITECTURE.md decision 6):
 * {@code ovsnet.network=NAME}, and optionally {@code ovsnet.ip=ADDRESS} (a literal IPv4 or IPv6
 * address, never a host name) and {@code ovsnet.iface=NAME} (the interface name inside the
 * container, a Linux interface name of at most 15 characters).
 *
 * @param network the network's name
 * @param ip the address asked for, or empty to take one from the pool
 * @param iface the interface name asked for, or empty for the first free {@code ethN}
 */
public record OvsnetLabels(String network, Optional<InetAddress> ip, Optional<String> iface) {
    public static final String NETWORK = "ovsnet.network";
    public static final String IP = "ovsnet.ip";
    public static final String IFACE = "ovsnet.iface";

    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern IFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                    + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * Reads the ovsnet labels of a container.
     *
     * @return empty when the container has no {@code ovsnet.network} label (it is not ours)
     * @throws InvalidLabelException when a label is present but its value is not valid; the
     *     message names the label, its value and what is expected
     */
    public static Optional<OvsnetLabels> parse(Map<String, String> labels) {
        String network = labels.get(NETWORK);
        if (network == null) {
            return Optional.empty();
        }
        if (!NETWORK_NAME.matcher(network).matches()) {
            throw new InvalidLabelException(NETWORK, network,
                    "a network name: 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        Optional<InetAddress> ip = Optional.ofNullable(labels.get(IP)).map(OvsnetLabels::address);
        Optional<String> iface = Optional.ofNullable(labels.get(IFACE)).map(OvsnetLabels::iface);
        return Optional.of(new OvsnetLabels(network, ip, iface));
    }

    private static InetAddress address(String value) {
        // Only literals reach InetAddress.getByName, so it never asks DNS.
        if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
            throw new InvalidLabelException(IP, value, "an IPv4 or IPv6 address such as 10.1.0.5");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new InvalidLabelException(IP, value, "an IPv4 or IPv6 address such as 10.1.0.5");
        }
    }

    private static String iface(String value) {
        if (!IFACE_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new InvalidLabelException(IFACE, value,
                    "an interface name: 1 to 15 letters, digits, '_', '.' or '-'");
        }
        return value;
    }
}
