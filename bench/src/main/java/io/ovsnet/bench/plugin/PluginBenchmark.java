package io.ovsnet.bench.plugin;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.daemon.Agent;
import io.ovsnet.agent.daemon.AgentSettings;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.Testbed;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6's benchmark: the cost of a network to a short-lived container. On one testbed host with
 * dockerd and an ovsnet agent serving the plugin socket (in this JVM), times {@code docker run
 * --rm IMAGE true} (wall time of the docker CLI) on {@code --network none}, on a Docker bridge
 * network ({@code docker network create -d bridge}; the testbed's dockerd runs with
 * {@code --bridge=none}) and on an ovsnet network ({@code -d ovsnet --ipam-driver ovsnet}); and,
 * to show what Docker's docker_gwbridge endpoint (the default route every container on an
 * ovsnet network also gets) costs, on an {@code --internal} ovsnet network, which has none. The
 * kinds take turns, run after run, so that drift of the machine hits them alike; a few
 * warm-up runs of each are not counted. Prints the median of each and the overhead of each network
 * over {@code none}; the goal is ovsnet's overhead no larger than the bridge driver's.
 *
 * <p>Usage: {@code PluginBenchmark [runs (20)] [warm-up (2)]}; needs root, OVS and docker.io.
 */
public final class PluginBenchmark {
    private static final String OVSNET = "obench";
    private static final String BRIDGE = "bbench";
    private static final String INTERNAL = "ibench";

    private PluginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path schemaDir = Files.createTempDirectory("ovsnet-bench-plugin");
        try (Testbed testbed = Testbed.builder().hosts(1).withDocker().start();
                Store store = Store.standalone(OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema")))) {
            Host host = testbed.host(1);
            Agent agent = Agent.start(new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(),
                    DockerHost.of(host.dockerHost()), "br-ovsnet", DatapathType.NETDEV,
                    Namespace.named(host.namespace()), underlay(host)));
            try {
                agent.servePlugin(host.pluginDirectory().resolve("ovsnet.sock"));
                agent.ready().get(60, TimeUnit.SECONDS);
                host.docker("network", "create", "-d", "ovsnet", "--ipam-driver", "ovsnet", "--subnet",
                        "10.92.0.0/24", OVSNET).orThrow();
                host.docker("network", "create", "-d", "bridge", "--subnet", "10.93.0.0/24", BRIDGE).orThrow();
                host.docker("network", "create", "-d", "ovsnet", "--ipam-driver", "ovsnet", "--internal", "--subnet",
                        "10.94.0.0/24", INTERNAL).orThrow();
                Map<String, List<Double>> millis = new LinkedHashMap<>();
                for (String network : List.of("none", BRIDGE, OVSNET, INTERNAL)) {
                    millis.put(network, new ArrayList<>());
                }
                for (int i = 0; i < warmUp + runs; i++) {
                    for (String network : millis.keySet()) {
                        double ms = run(host, network);
                        if (i >= warmUp) {
                            millis.get(network).add(ms);
                        }
                    }
                }
                report(runs, millis);
                host.docker("network", "rm", OVSNET, BRIDGE, INTERNAL);
            } finally {
                agent.close();
            }
        } finally {
            Files.deleteIfExists(schemaDir.resolve("OVSNet.ovsschema"));
            Files.deleteIfExists(schemaDir);
        }
    }

    /** One {@code docker run --rm IMAGE true} on {@code network}; its wall time in ms. */
    private static double run(Host host, String network) {
        long started = System.nanoTime();
        CommandResult r = host.docker("run", "--rm", "--network", network, host.busyboxImage(), "true");
        double ms = (System.nanoTime() - started) / 1e6;
        r.orThrow();
        return ms;
    }

    private static void report(int runs, Map<String, List<Double>> millis) {
        double none = median(millis.get("none"));
        System.out.printf(Locale.ROOT, "docker run --rm IMAGE true, %d runs each (medians, wall time of the CLI)%n", runs);
        System.out.printf(Locale.ROOT, "%-28s %9s %12s%n", "network", "median ms", "overhead ms");
        for (Map.Entry<String, List<Double>> e : millis.entrySet()) {
            double median = median(e.getValue());
            String label = switch (e.getKey()) {
                case "none" -> "--network none";
                case BRIDGE -> "docker bridge (" + BRIDGE + ")";
                case OVSNET -> "ovsnet (" + OVSNET + ")";
                default -> "ovsnet --internal (" + INTERNAL + ")";
            };
            System.out.printf(Locale.ROOT, "%-28s %9.1f %12s%n", label, median,
                    e.getKey().equals("none") ? "-" : String.format(Locale.ROOT, "%+.1f", median - none));
        }
        double bridge = median(millis.get(BRIDGE)) - none;
        double ovsnet = median(millis.get(OVSNET)) - none;
        double internal = median(millis.get(INTERNAL)) - none;
        System.out.printf(Locale.ROOT, "RESULT overhead ovsnet=%.1f ms bridge=%.1f ms goal(ovsnet<=bridge)=%s "
                + "ovsnet-internal=%.1f ms (no docker_gwbridge endpoint)%n", ovsnet, bridge,
                ovsnet <= bridge ? "met" : "missed", internal);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Underlay underlay(Host host) throws Exception {
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            int mtu = handle.link("br-phy").orElseThrow(() -> new IllegalStateException(
                    "host " + host.name() + " has no br-phy")).mtu();
            return new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu);
        }
    }
}
