package io.ovsnet.agent.config;

import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.ovsdb.transport.TlsSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's settings (issue 5): where the local OVS, the shared store and Docker are, the
 * bridge, the tunnel endpoint address, the state directory and the log level.
 *
 * <p>A config file holds {@code key = value} lines whose keys are the long flag names
 * ({@code ovsdb}, {@code store}, {@code store-ssl-key}, {@code store-ssl-cert},
 * {@code store-ssl-ca}, {@code docker}, {@code bridge}, {@code encap-ip}, {@code state-dir},
 * {@code log-level}, {@code host-name}, {@code datapath}, {@code plugin-socket}); {@code #} starts
 * a comment. Flags override the file, the file overrides the defaults.
 *
 * @param ovsdb the local OVSDB, OVS connection-method syntax
 * @param store the shared store, OVS connection-method syntax (comma-separated for a cluster)
 * @param storeTls the PEM private key, certificate and CA certificate for {@code ssl:} store
 *     remotes: all three or none
 * @param docker the Docker daemon
 * @param bridge the integration bridge's name
 * @param encapIp the tunnel endpoint address; empty means the address of the interface holding
 *     the default route ({@link Underlay#fromDefaultRoute()})
 * @param stateDir where the agent keeps files it needs at run time (sockets, logs)
 * @param logLevel an SLF4J level: error, warn, info, debug or trace
 * @param hostName this host's name in the store; empty means the system's host name
 * @param datapath the bridge's datapath type; empty means the one that suits this kernel
 * @param pluginSocket where Docker's plugin API is served; empty serves none ({@code none})
 */
public record AgentConfig(
        String ovsdb, String store, Optional<TlsSettings> storeTls, DockerHost docker, String bridge,
        Optional<InetAddress> encapIp, Path stateDir, String logLevel, Optional<String> hostName,
        Optional<DatapathType> datapath, Optional<Path> pluginSocket) {
    public static final String LOCAL_OVSDB = "unix:/var/run/openvswitch/db.sock";
    /** Where Docker looks for plugin sockets, and ovsnet's socket there. */
    public static final Path DEFAULT_PLUGIN_SOCKET = Path.of("/run/docker/plugins/ovsnet.sock");
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
    private static final Set<String> KEYS = Set.of("ovsdb", "store", "store-ssl-key", "store-ssl-cert", "store-ssl-ca",
            "docker", "bridge", "encap-ip", "state-dir", "log-level", "host-name", "datapath", "plugin-socket");
    private static final List<String> TLS_KEYS = List.of("store-ssl-key", "store-ssl-cert", "store-ssl-ca");

    public AgentConfig {
        if (hostName.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("host name is empty: give a name or leave host-name out");
        }
        if (bridge.isEmpty() || bridge.length() > 15 || bridge.contains("/") || bridge.contains(" ")) {
            throw new IllegalArgumentException("bridge " + bridge + " is not valid: expected a name of 1 to 15 "
                    + "characters without '/' or spaces");
        }
        if (!LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("log level " + logLevel + " is not valid: expected one of "
                    + new TreeSet<>(LEVELS));
        }
    }

    /**
     * The defaults: local OVS, the local store ({@link StoreServer#DEFAULT_REMOTE}, which the agent
     * starts when it is not running), the local Docker, {@code br-ovsnet}.
     */
    public static AgentConfig defaults() {
        return new AgentConfig(LOCAL_OVSDB, StoreServer.DEFAULT_REMOTE, Optional.empty(), DockerHost.DEFAULT, "br-ovsnet",
                Optional.empty(), Path.of("/var/run/ovsnet"), "info", Optional.empty(), Optional.empty(),
                Optional.of(DEFAULT_PLUGIN_SOCKET));
    }

    /**
     * These settings with the ones {@code file} sets replacing them.
     *
     * @throws IllegalArgumentException naming the file and the key when a key is unknown or a value not valid
     * @throws IOException when the file cannot be read
     */
    public AgentConfig withFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> values = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("config file " + file + ": key " + key
                        + " is not known; expected one of " + new TreeSet<>(KEYS));
            }
            values.put(key, p.getProperty(key).strip());
        }
        try {
            return with(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * These settings with those given by key (the long flag names) replacing them. The three
     * store SSL files are replaced together: give all of them or none.
     */
    public AgentConfig with(Map<String, String> values) {
        return new AgentConfig(
                values.getOrDefault("ovsdb", ovsdb),
                values.getOrDefault("store", store),
                storeTls(values).or(() -> storeTls),
                values.containsKey("docker") ? DockerHost.of(values.get("docker")) : docker,
                values.getOrDefault("bridge", bridge),
                values.containsKey("encap-ip") ? Optional.of(address(values.get("encap-ip"))) : encapIp,
                values.containsKey("state-dir") ? Path.of(values.get("state-dir")) : stateDir,
                values.getOrDefault("log-level", logLevel),
                values.containsKey("host-name") ? Optional.of(values.get("host-name")) : hostName,
                values.containsKey("datapath") ? Optional.of(datapath(values.get("datapath"))) : datapath,
                values.containsKey("plugin-socket") ? pluginSocket(values.get("plugin-socket")) : pluginSocket);
    }

    private static Optional<TlsSettings> storeTls(Map<String, String> values) {
        List<String> given = TLS_KEYS.stream().filter(values::containsKey).toList();
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() < TLS_KEYS.size()) {
            throw new IllegalArgumentException("ssl: store remotes need all three of " + String.join(", ", TLS_KEYS)
                    + "; only " + String.join(", ", given) + " given");
        }
        return Optional.of(new TlsSettings(Path.of(values.get("store-ssl-key")), Path.of(values.get("store-ssl-cert")),
                Path.of(values.get("store-ssl-ca"))));
    }

    private static DatapathType datapath(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "system" -> DatapathType.SYSTEM;
            case "netdev" -> DatapathType.NETDEV;
            default -> throw new IllegalArgumentException("datapath " + name + " is not valid: expected system or netdev");
        };
    }

    private static Optional<Path> pluginSocket(String path) {
        if (path.isBlank()) {
            throw new IllegalArgumentException("plugin-socket is empty: give a path, or none to serve no plugin");
        }
        return path.equals("none") ? Optional.empty() : Optional.of(Path.of(path));
    }

    private static InetAddress address(String literal) {
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("encap-ip " + literal + " is not valid: expected an IP address");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("encap-ip " + literal + " is not valid: expected an IP address", e);
        }
    }
}
