package io.ovsnet.agent.cli.status;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.ovsnet.agent.cli.store.StoreOptions;
import io.ovsnet.agent.config.AgentConfig;
import io.ovsnet.agent.daemon.AgentCommand;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.ovs.BridgeSnapshot;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.vswitch.Interface;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovsnet status}: this host's bridge, tunnels, networks and endpoints as the local OVSDB,
 * the store and Docker see them, and where they disagree. Read-only.
 *
 * <p>An unreachable OVSDB or store fails the command with one line. An unreachable Docker does
 * not: the rest is still worth seeing, so the report carries a warning and skips the checks that
 * need Docker.
 */
@Command(name = "status", description = "Show this host's bridge, tunnels, networks and endpoints, and what is"
        + " inconsistent between OVS, the store and Docker.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ovsdb", paramLabel = "REMOTE", defaultValue = AgentConfig.LOCAL_OVSDB,
            description = "The local OVSDB (default: ${DEFAULT-VALUE}).")
    String ovsdb;

    @Option(names = "--store", paramLabel = "REMOTES", defaultValue = StoreServer.DEFAULT_REMOTE,
            description = "The shared store, comma-separated for a cluster (default, as for the agent: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--store-ssl-key", paramLabel = "PEM", description = "Private key for ssl: store remotes.")
    Path storeSslKey;

    @Option(names = "--store-ssl-cert", paramLabel = "PEM", description = "Certificate for ssl: store remotes.")
    Path storeSslCert;

    @Option(names = "--store-ssl-ca", paramLabel = "PEM", description = "CA certificate for ssl: store remotes.")
    Path storeSslCa;

    @Option(names = "--docker", paramLabel = "ADDRESS", defaultValue = DockerHost.DEFAULT_ADDRESS,
            description = "The Docker daemon (default: ${DEFAULT-VALUE}).")
    String docker;

    @Option(names = "--bridge", paramLabel = "NAME", defaultValue = IntegrationBridge.DEFAULT_NAME,
            description = "The integration bridge (default: ${DEFAULT-VALUE}).")
    String bridge;

    @Option(names = "--host-name", paramLabel = "NAME",
            description = "This host's name in the store (default: the system's host name, as for the agent).")
    String hostName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for each of OVSDB, the store and Docker (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        StatusFormat output = StatusFormat.parse(format);
        Duration timeout = StoreOptions.timeout(timeoutSeconds);
        DockerHost dockerHost = DockerHost.of(docker);
        String host = hostName != null ? hostName : AgentCommand.systemHostName();

        LocalView local = readLocal(timeout);
        List<Network> networks;
        List<Lease> leases;
        List<Host> hosts;
        ClientOptions.Builder storeOptions = ClientOptions.builder(store).connectTimeout(timeout).callTimeout(timeout);
        StoreOptions.tls(storeOptions, "--store-ssl-", storeSslKey, storeSslCert, storeSslCa);
        try (Ipam ipam = Ipam.connect(storeOptions.build(), timeout)) {
            networks = ipam.networks().list();
            leases = ipam.leases().list(Optional.empty());
            hosts = ipam.hosts().list();
        }
        List<String> warnings = new ArrayList<>();
        Optional<List<DockerContainer>> containers = readDocker(dockerHost, warnings);

        BridgeSnapshot snapshot = local.snapshot();
        Observation seen = new Observation(host, bridge, snapshot.bridge().orElseThrow().datapathType(),
                snapshot.vlans(), snapshot.tunnelPorts(), local.interfaces(), snapshot.containerPorts(), networks,
                leases, containers, warnings, hosts);
        output.status(spec.commandLine().getOut(), seen.status());
        return 0;
    }

    private record LocalView(BridgeSnapshot snapshot, Map<String, Observation.InterfaceState> interfaces) {
    }

    /** The bridge and the state of every Interface, from the local OVSDB; fails if the bridge is missing. */
    private LocalView readLocal(Duration timeout) {
        String where = "the local OVSDB at " + ovsdb;
        try (OvsdbClient client = await(OvsdbClient.connect(ClientOptions.builder(ovsdb).connectTimeout(timeout)
                .callTimeout(timeout).build()), timeout, "cannot connect to " + where);
                LocalSwitch sw = await(LocalSwitch.open(client, timeout), timeout, "cannot read " + where)) {
            BridgeSnapshot snapshot = await(new IntegrationBridge(sw, bridge).snapshot(), timeout,
                    "cannot read " + where);
            if (snapshot.bridge().isEmpty()) {
                throw new IllegalStateException("bridge " + bridge + " does not exist in " + where
                        + "; start the agent (ovsnet agent) or name the bridge with --bridge");
            }
            Map<String, Observation.InterfaceState> states = new HashMap<>();
            for (Interface i : snapshot.interfaces()) {
                states.put(i.name(), new Observation.InterfaceState(i.linkState(), i.ofport(), i.error()));
            }
            return new LocalView(snapshot, states);
        }
    }

    /** Every container Docker has; empty, with a warning added, when Docker cannot be asked. */
    private static Optional<List<DockerContainer>> readDocker(DockerHost host, List<String> warnings) {
        try (DockerClient client = host.connect()) {
            List<Container> listed = client.listContainersCmd().withShowAll(true).exec();
            List<DockerContainer> containers = new ArrayList<>();
            for (Container c : listed) {
                Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
                String name = c.getNames() == null || c.getNames().length == 0 ? c.getId()
                        : c.getNames()[0].replaceFirst("^/", "");
                containers.add(new DockerContainer(c.getId(), name, "running".equals(c.getState()),
                        Optional.ofNullable(labels.get(OvsnetLabels.NETWORK))));
            }
            return Optional.of(containers);
        } catch (RuntimeException | IOException e) {
            warnings.add("docker unreachable at " + host.uri() + " (" + rootMessage(e)
                    + "); container checks skipped");
            return Optional.empty();
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException(what + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
