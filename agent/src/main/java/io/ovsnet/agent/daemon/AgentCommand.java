package io.ovsnet.agent.daemon;

import io.ovsnet.agent.config.AgentConfig;
import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.store.StoreServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ovsnet agent}: runs the agent of this host until it is stopped (SIGTERM or SIGINT).
 * Flags override the config file, which overrides the defaults ({@link AgentConfig}).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the ovsnet agent of this host: attach labelled containers, build the tunnel mesh.")
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "A file of key = value lines (keys: the long flag names).")
    Optional<Path> config;

    @Option(names = "--ovsdb", paramLabel = "REMOTE", description = "The local OVSDB (default unix:/var/run/openvswitch/db.sock).")
    Optional<String> ovsdb;

    @Option(names = "--store", paramLabel = "REMOTES", description = "The shared store, comma-separated for a cluster (default: the local store in /var/lib/ovsnet, started if it is not running).")
    Optional<String> store;

    @Option(names = "--store-ssl-key", paramLabel = "PEM", description = "Private key for ssl: store remotes (with --store-ssl-cert and --store-ssl-ca).")
    Optional<String> storeSslKey;

    @Option(names = "--store-ssl-cert", paramLabel = "PEM", description = "Certificate for ssl: store remotes.")
    Optional<String> storeSslCert;

    @Option(names = "--store-ssl-ca", paramLabel = "PEM", description = "CA certificate for ssl: store remotes.")
    Optional<String> storeSslCa;

    @Option(names = "--docker", paramLabel = "ADDRESS", description = "The Docker daemon (default " + DockerHost.DEFAULT_ADDRESS + ").")
    Optional<String> docker;

    @Option(names = "--bridge", paramLabel = "NAME", description = "The integration bridge (default br-ovsnet).")
    Optional<String> bridge;

    @Option(names = "--encap-ip", paramLabel = "ADDRESS", description = "This host's tunnel endpoint (default: the address of the interface holding the default route).")
    Optional<String> encapIp;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the agent keeps its run-time files (default /var/run/ovsnet).")
    Optional<String> stateDir;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info, debug or trace (default info).")
    Optional<String> logLevel;

    @Option(names = "--host-name", paramLabel = "NAME", description = "This host's name in the store (default: the system's host name).")
    Optional<String> hostName;

    @Option(names = "--datapath", paramLabel = "TYPE", description = "The bridge's datapath: system or netdev (default: system when the kernel has the openvswitch module, else netdev).")
    Optional<String> datapath;

    @Option(names = "--plugin-socket", paramLabel = "PATH", description = "Where Docker's network and IPAM plugin API is served, mode 0600 (default /run/docker/plugins/ovsnet.sock; 'none' serves none).")
    Optional<String> pluginSocket;

    @Override
    public Integer call() throws Exception {
        AgentConfig settings = config();
        // Before the first logger is made: slf4j-simple reads its level once.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", settings.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Files.createDirectories(settings.stateDir());
        Underlay underlay = settings.encapIp().map(Underlay::of).orElseGet(Underlay::fromDefaultRoute);
        Agent agent = Agent.start(new AgentSettings(settings.hostName().orElseGet(AgentCommand::systemHostName),
                settings.ovsdb(), storeRemote(settings), settings.storeTls(), settings.docker(), settings.bridge(),
                settings.datapath().orElseGet(DatapathType::forThisKernel), Namespace.current(), underlay));
        try {
            settings.pluginSocket().ifPresent(agent::servePlugin);
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        stopped.await();
        return 0;
    }

    /** The settings: defaults, then the config file, then the flags. */
    AgentConfig config() throws IOException {
        AgentConfig settings = AgentConfig.defaults();
        if (config.isPresent()) {
            settings = settings.withFile(config.get());
        }
        Map<String, String> flags = new HashMap<>();
        ovsdb.ifPresent(v -> flags.put("ovsdb", v));
        store.ifPresent(v -> flags.put("store", v));
        storeSslKey.ifPresent(v -> flags.put("store-ssl-key", v));
        storeSslCert.ifPresent(v -> flags.put("store-ssl-cert", v));
        storeSslCa.ifPresent(v -> flags.put("store-ssl-ca", v));
        docker.ifPresent(v -> flags.put("docker", v));
        bridge.ifPresent(v -> flags.put("bridge", v));
        encapIp.ifPresent(v -> flags.put("encap-ip", v));
        stateDir.ifPresent(v -> flags.put("state-dir", v));
        logLevel.ifPresent(v -> flags.put("log-level", v));
        hostName.ifPresent(v -> flags.put("host-name", v));
        datapath.ifPresent(v -> flags.put("datapath", v));
        pluginSocket.ifPresent(v -> flags.put("plugin-socket", v));
        return settings.with(flags);
    }

    /** The store; the local one is started first when it is the default and not running. */
    private static String storeRemote(AgentConfig settings) {
        if (settings.store().equals(StoreServer.DEFAULT_REMOTE)) {
            return new StoreServer(Path.of(StoreServer.DEFAULT_DIRECTORY)).ensureRunning();
        }
        return settings.store();
    }

    /** This system's host name: the default name of this host in the store, for the agent and for status. */
    public static String systemHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot read this system's host name; give --host-name", e);
        }
    }
}
