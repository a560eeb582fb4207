package io.ovsnet.bench.restart;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.daemon.Agent;
import io.ovsnet.agent.daemon.AgentSettings;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.Testbed;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host coming back from a reboot: N containers labelled {@code ovsnet.network=boot} (no fixed
 * address, so every one claims from the shared pool) are running, with {@code --network none} and
 * no port, while no agent runs; then the agent starts, and the benchmark measures from
 * {@link Agent#start} until every container has {@code eth0} up with an address of the network
 * ({@link AddressWatch}), and how many transactions the store committed meanwhile (records
 * appended to the standalone server's database file).
 *
 * <p>After one uncounted warm-up trial (the JIT), one trial per attach lane count (system
 * property {@value Agent#ATTACH_LANES_PROPERTY}; by default 4, 8, 16), each with fresh
 * containers; every other round runs the lane counts in reverse order. After a trial the
 * containers are removed while the agent still runs (it detaches them and releases their
 * leases), so every trial starts from the same empty pool and bridge.
 *
 * <p>The peer, in the same run: the same number of fresh containers, wired one after another with
 * OVS's {@code ovs-docker add-port} (address and MTU, a netdev bridge of its own), timed as a whole
 * in the host's namespace: what people do by hand after a reboot today.
 *
 * <p>Usage: {@code RestartBenchmark [containers (100)] [rounds (1)] [lanes (4,8,16)]}; needs root.
 * The first lane count is the reference of the printed ratios.
 */
public final class RestartBenchmark {
    private static final String NETWORK = "boot";
    private static final Cidr SUBNET = Cidr.parse("10.93.0.0/22");
    private static final String PEER_SUBNET = "10.94.";
    private static final String OVS_DOCKER_BRIDGE = "br-ovsd";
    private static final long TIMEOUT_MILLIS = 180_000;
    private static final int DOCKER_THREADS = 4;
    /** Each record of an OVSDB standalone database file starts with this: one per committed transaction. */
    private static final byte[] RECORD = "OVSDB JSON ".getBytes(StandardCharsets.US_ASCII);
    private static final long COVERAGE_FLUSH_MILLIS = 1500;
    private static final Pattern RECONFIGURE = Pattern.compile("(?m)^bridge_reconfigure\\s.*total: (\\d+)$");
    private static final String OVS_DOCKER_ALL = "bridge=$1; docker_host=$2; shift 2; s=$(date +%s%N); i=0;"
            + " for id in \"$@\"; do i=$((i + 1));"
            + " DOCKER_HOST=\"$docker_host\" ovs-docker add-port \"$bridge\" eth1 \"$id\""
            + " --ipaddress=" + PEER_SUBNET + "$((i / 200)).$((i % 200 + 10))/22 --mtu=1450 >&2 || exit 1; done;"
            + " e=$(date +%s%N); echo $(( (e - s) / 1000 ))";

    /** One trial of the agent: its lane count and what was measured. */
    private record Trial(int lanes, double allMs, double readyMs, List<Double> perContainerMs, long commits,
            double inspectMs, long reconfigures, String load) {}

    private final int containers;
    private final List<Trial> trials = new ArrayList<>();
    private final List<Double> ovsDockerMs = new ArrayList<>();
    private final List<String> ovsDockerLoads = new ArrayList<>();
    private final ExecutorService dockerCalls = Executors.newFixedThreadPool(DOCKER_THREADS);

    private RestartBenchmark(int containers) {
        this.containers = containers;
    }

    public static void main(String[] args) throws Exception {
        int containers;
        int rounds;
        int[] lanes;
        try {
            containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
            rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
            lanes = Arrays.stream((args.length > 2 ? args[2] : "4,8,16").split(",")).mapToInt(Integer::parseInt)
                    .toArray();
        } catch (NumberFormatException e) {
            System.err.println("usage: bench-restart [containers (100)] [rounds (1)] [lanes, e.g. 4,8,16]");
            System.exit(2);
            return;
        }
        if (containers < 1 || containers > 500 || rounds < 1 || rounds > 10 || lanes.length == 0
                || Arrays.stream(lanes).anyMatch(l -> l < 1 || l > 64)) {
            System.err.println("containers must be 1..500, rounds 1..10, each lane count 1..64");
            System.exit(2);
        }
        RestartBenchmark bench = new RestartBenchmark(containers);
        try {
            bench.run(rounds, lanes);
        } finally {
            bench.dockerCalls.shutdownNow();
        }
    }

    private void run(int rounds, int[] lanes) throws Exception {
        Path schemaDir = Files.createTempDirectory("ovsnet-bench-restart");
        Path schema = OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema"));
        try (Testbed testbed = Testbed.builder().hosts(1).withDocker().start();
                Store store = Store.standalone(schema);
                Ipam ipam = Ipam.connect(ClientOptions.builder(store.remote()).build())) {
            ipam.networks().create(new NetworkSpec(NETWORK, List.of(SUBNET), List.of(), List.of(), Encap.VXLAN,
                    OptionalLong.empty(), 0, Map.of()));
            Host host = testbed.host(1);
            try (DockerClient docker = DockerHost.of(host.dockerHost()).connect()) {
                // The first start creates the bridge and registers the host: not part of any trial.
                try (Agent first = startAgent(host, store, lanes[0])) {
                    first.ready().get(60, TimeUnit.SECONDS);
                }
                // A whole trial first, not counted, so that the JIT has compiled the attach path for all.
                trial(host, docker, ipam, store, lanes[0], 0);
                for (int round = 1; round <= rounds; round++) {
                    // Every other round goes the other way round, so no lane count is always first or last.
                    int[] order = round % 2 == 1 ? lanes : reversed(lanes);
                    for (int l : order) {
                        trials.add(trial(host, docker, ipam, store, l, round));
                    }
                    ovsDocker(host, docker, round);
                }
            }
            printResults(lanes);
        } finally {
            Files.deleteIfExists(schema);
            Files.deleteIfExists(schemaDir);
        }
    }

    private Trial trial(Host host, DockerClient docker, Ipam ipam, Store store, int lanes, int round)
            throws Exception {
        Path database = store.members().get(0).databaseFile();
        Map<String, Long> pids = startContainers(docker, Map.of("ovsnet.network", NETWORK));
        Trial trial;
        try (AddressWatch watch = new AddressWatch(pids, "eth0", SUBNET)) {
            if (watch.configuredNow() != 0) {
                throw new IllegalStateException("containers configured before the agent started");
            }
            double inspectMs = inspectAll(docker, pids.keySet());
            long commitsBefore = records(database);
            long reconfiguresBefore = reconfigures(host);
            long origin = System.nanoTime();
            var times = watch.watch(origin, TIMEOUT_MILLIS);
            try (Agent agent = startAgent(host, store, lanes)) {
                List<Long> nanos = times.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                long commits = records(database) - commitsBefore;
                agent.ready().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                double readyMs = (System.nanoTime() - origin) / 1e6;
                long reconfigures = reconfigures(host) - reconfiguresBefore;
                List<Double> perContainer = nanos.stream().map(n -> n / 1e6).toList();
                trial = new Trial(lanes, perContainer.stream().mapToDouble(d -> d).max().orElse(0), readyMs,
                        perContainer, commits, inspectMs, reconfigures, load());
                System.out.printf(Locale.ROOT, "%s lanes=%2d all configured %8.1f ms  p50 %8.1f  p99 %8.1f"
                        + "  store commits %d (%.2f per container)  vswitchd reconfigurations %d  agent ready by %.1f ms"
                        + "  (docker inspect x%d one after another before: %.1f ms)  loadavg %s%n",
                        round == 0 ? "warm-up" : "round " + round,
                        lanes, trial.allMs(), percentile(perContainer, 50), percentile(perContainer, 99), commits,
                        commits / (double) containers, reconfigures, readyMs, containers, inspectMs, trial.load());
                removeContainers(docker, pids.keySet());
                awaitReleased(ipam, pids.keySet());
            }
        }
        return trial;
    }

    /** The wall time of ovs-docker add-port for N fresh containers, one after another. */
    private void ovsDocker(Host host, DockerClient docker, int round) throws Exception {
        host.exec("ovs-vsctl", "--if-exists", "del-br", OVS_DOCKER_BRIDGE, "--", "add-br", OVS_DOCKER_BRIDGE,
                "--", "set", "bridge", OVS_DOCKER_BRIDGE, "datapath_type=netdev").orThrow();
        Map<String, Long> pids = startContainers(docker, Map.of());
        List<String> command = new ArrayList<>(List.of("sh", "-c", OVS_DOCKER_ALL, "sh", OVS_DOCKER_BRIDGE,
                host.dockerHost()));
        command.addAll(pids.keySet());
        String out = host.exec(command.toArray(String[]::new)).orThrow().stdout();
        double ms = Long.parseLong(out.trim()) / 1000.0;
        ovsDockerMs.add(ms);
        ovsDockerLoads.add(load());
        System.out.printf(Locale.ROOT, "round %d ovs-docker add-port x%d %8.1f ms  loadavg %s%n", round, containers,
                ms, ovsDockerLoads.get(ovsDockerLoads.size() - 1));
        removeContainers(docker, pids.keySet());
    }

    private Agent startAgent(Host host, Store store, int lanes) throws Exception {
        int mtu;
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            mtu = handle.link("br-phy").orElseThrow().mtu();
        }
        System.setProperty(Agent.ATTACH_LANES_PROPERTY, Integer.toString(lanes));
        return Agent.start(new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(),
                DockerHost.of(host.dockerHost()), "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()),
                new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu)));
    }

    /** Creates and starts N containers ({@value #DOCKER_THREADS} at a time); returns their init pids by id. */
    private Map<String, Long> startContainers(DockerClient docker, Map<String, String> labels) throws Exception {
        List<Future<Map.Entry<String, Long>>> started = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            started.add(dockerCalls.submit(() -> {
                String id = docker.createContainerCmd("ovsnet-busybox:test").withCmd("sleep", "3600")
                        .withLabels(labels).withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                        .exec().getId();
                docker.startContainerCmd(id).exec();
                return Map.entry(id, docker.inspectContainerCmd(id).exec().getState().getPidLong());
            }));
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Future<Map.Entry<String, Long>> f : started) {
            Map.Entry<String, Long> e = f.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            pids.put(e.getKey(), e.getValue());
        }
        return pids;
    }

    /**
     * How long Docker takes to inspect every container one after another, as the agent's first
     * listing does (on its watcher thread) before each container can be attached: a floor under
     * the agent's time that no number of lanes lowers.
     */
    private static double inspectAll(DockerClient docker, Set<String> ids) {
        long start = System.nanoTime();
        ids.forEach(id -> docker.inspectContainerCmd(id).exec());
        return (System.nanoTime() - start) / 1e6;
    }

    private void removeContainers(DockerClient docker, Set<String> ids) throws Exception {
        List<Future<?>> removed = new ArrayList<>();
        for (String id : ids) {
            removed.add(dockerCalls.submit(() -> docker.removeContainerCmd(id).withForce(true).exec()));
        }
        for (Future<?> f : removed) {
            f.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until the agent has released every lease of the removed containers (it detached them). */
    private static void awaitReleased(Ipam ipam, Set<String> owners) throws InterruptedException {
        Instant until = Instant.now().plusMillis(TIMEOUT_MILLIS);
        while (true) {
            Set<String> left = new HashSet<>();
            ipam.leases().list(Optional.of(NETWORK)).forEach(l -> {
                if (owners.contains(l.owner())) {
                    left.add(l.owner());
                }
            });
            if (left.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(left.size() + " removed containers still hold leases");
            }
            Thread.sleep(200);
        }
    }

    /**
     * How often ovs-vswitchd has reconfigured its bridges so far (its {@code bridge_reconfigure}
     * coverage counter): concurrent port inserts that it folds into one pass count once. The
     * counter's total lags: ovs-vswitchd adds its threads' counts to it about once a second, so
     * this waits a little longer first (outside any timed span).
     */
    private static long reconfigures(Host host) throws InterruptedException {
        Thread.sleep(COVERAGE_FLUSH_MILLIS);
        Matcher m = RECONFIGURE.matcher(host.appctl("coverage/show").orThrow().stdout());
        return m.find() ? Long.parseLong(m.group(1)) : 0; // a counter never hit is not listed
    }

    /** The transactions committed so far: the records of the standalone server's database file. */
    private static long records(Path database) throws IOException {
        byte[] bytes = Files.readAllBytes(database);
        long count = 0;
        outer:
        for (int i = 0; i + RECORD.length <= bytes.length; i++) {
            for (int j = 0; j < RECORD.length; j++) {
                if (bytes[i + j] != RECORD[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    private static String load() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private void printResults(int[] lanes) {
        System.out.printf(Locale.ROOT, "%ncontainers=%d trials=%d (time from Agent.start; per trial: all = last"
                + " container configured)%n", containers, trials.size());
        Map<Integer, Double> allByLanes = new LinkedHashMap<>();
        Map<Integer, Double> p99ByLanes = new LinkedHashMap<>();
        for (int l : lanes) {
            List<Trial> of = trials.stream().filter(t -> t.lanes() == l).toList();
            List<Double> all = of.stream().map(Trial::allMs).toList();
            List<Double> per = of.stream().flatMap(t -> t.perContainerMs().stream()).toList();
            double commits = of.stream().mapToLong(Trial::commits).average().orElse(0);
            List<Double> inspect = of.stream().map(Trial::inspectMs).toList();
            double reconfigures = of.stream().mapToLong(Trial::reconfigures).average().orElse(0);
            allByLanes.put(l, median(all));
            p99ByLanes.put(l, percentile(per, 99));
            System.out.printf(Locale.ROOT, "lanes=%2d all configured median %8.1f ms (%s)  per container p50 %8.1f"
                    + " p99 %8.1f ms  store commits %.0f (%.2f per container)  vswitchd reconfigurations %.0f"
                    + "  docker inspect x%d median %.0f ms%n", l, median(all), list(all), percentile(per, 50),
                    percentile(per, 99), commits, commits / containers, reconfigures, containers, median(inspect));
        }
        double ovsDocker = median(ovsDockerMs);
        System.out.printf(Locale.ROOT, "ovs-docker add-port x%d, one after another: median %8.1f ms (%s)%n",
                containers, ovsDocker, list(ovsDockerMs));
        double reference = allByLanes.get(lanes[0]);
        for (int l : lanes) {
            System.out.printf(Locale.ROOT, "lanes=%2d: speed-up vs lanes=%d %.2fx (all configured), p99 ratio %.2f;"
                    + " ratio ovs-docker / ovsnet %.1fx%n", l, lanes[0], reference / allByLanes.get(l),
                    p99ByLanes.get(l) / p99ByLanes.get(lanes[0]), ovsDocker / allByLanes.get(l));
        }
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
