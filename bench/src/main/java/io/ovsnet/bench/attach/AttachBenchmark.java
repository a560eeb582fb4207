package io.ovsnet.bench.attach;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
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
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 5's attach benchmark. On a two-host testbed with an agent per host (in this JVM, as in
 * the agent's integration tests), starts containers one after another on host 1 with
 * {@code ovsnet.network=bench} and a fixed {@code ovsnet.ip}, and measures for each:
 * <ul>
 *   <li><b>event→configured</b>: from Docker's {@code start} event (dockerd's own {@code timeNano})
 *       to the moment an outside probe ({@link AddressProbe}) sees {@code eth0} up with its
 *       address inside the container (the agent brings the interface up only once ovs-vswitchd
 *       applied the port);</li>
 *   <li><b>start→ping</b>: from the {@code docker start} API call to the first echo reply
 *       ({@link PingProbe}) received by a container on host 2, across the VXLAN tunnel;</li>
 *   <li><b>ovs-docker</b>: then, for the same container, the wall time of OVS's own
 *       {@code ovs-docker add-port} (interface {@code eth1} on a separate netdev bridge, with
 *       address and MTU), timed inside host 1's namespace, then removed again (untimed).</li>
 * </ul>
 * Containers stay running, so the ovsnet bridge grows as in real use. The first few (warm-up) are not
 * counted. Prints p50/p99 of each and the ratio ovs-docker / event→configured at p50.
 *
 * <p>Usage: {@code AttachBenchmark [containers (50)] [warm-up (3)]}; needs root.
 */
public final class AttachBenchmark {
    private static final String NETWORK = "bench";
    private static final String SUBNET = "10.91.0.";
    private static final String OVS_DOCKER_BRIDGE = "br-ovsd";
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final String OVS_DOCKER_TIMED = "s=$(date +%s%N); DOCKER_HOST=\"$1\" ovs-docker add-port "
            + OVS_DOCKER_BRIDGE + " eth1 \"$2\" --ipaddress=\"$3\" --mtu=1450 >&2 || exit 1; e=$(date +%s%N);"
            + " echo $(( (e - s) / 1000 ))";

    private final List<Double> eventToConfigured = new ArrayList<>();
    private final List<Double> startToPing = new ArrayList<>();
    private final List<Double> ovsDocker = new ArrayList<>();
    private final List<Double> startToEvent = new ArrayList<>();
    private final List<Double> configuredToPing = new ArrayList<>();
    private int censored;

    private AttachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (containers + warmUp > 240) {
            throw new IllegalArgumentException("at most 240 containers in all");
        }
        new AttachBenchmark().run(containers, warmUp);
    }

    private void run(int containers, int warmUp) throws Exception {
        Path schemaDir = Files.createTempDirectory("ovsnet-bench-attach");
        Path schema = OvsNetSchema.writeTo(schemaDir.resolve("OVSNet.ovsschema"));
        try (Testbed testbed = Testbed.builder().hosts(2).withDocker().start();
                Store store = Store.standalone(schema);
                Ipam ipam = Ipam.connect(ClientOptions.builder(store.remote()).build())) {
            ipam.networks().create(new NetworkSpec(NETWORK, List.of(Cidr.parse(SUBNET + "0/24")), List.of(),
                    List.of(), Encap.VXLAN, OptionalLong.empty(), 0, Map.of()));
            Host h1 = testbed.host(1);
            Host h2 = testbed.host(2);
            h1.exec("ovs-vsctl", "add-br", OVS_DOCKER_BRIDGE, "--", "set", "bridge", OVS_DOCKER_BRIDGE,
                    "datapath_type=netdev").orThrow();
            try (Agent a1 = startAgent(h1, store); Agent a2 = startAgent(h2, store);
                    DockerClient d1 = DockerHost.of(h1.dockerHost()).connect();
                    DockerClient d2 = DockerHost.of(h2.dockerHost()).connect()) {
                Map<String, CompletableFuture<Instant>> starts = new ConcurrentHashMap<>();
                try (Closeable events = followStarts(d1, starts)) {
                    String pinger = create(d2, SUBNET + "2");
                    d2.startContainerCmd(pinger).exec();
                    AddressProbe.watch(pinger, Path.of("/run/netns", h2.namespace()), "eth0",
                            InetAddress.getByName(SUBNET + "2"), TIMEOUT_MILLIS).get();
                    long pingerPid = d2.inspectContainerCmd(pinger).exec().getState().getPidLong();
                    // Re-send ARP every 5 ms instead of every second, so that a request sent before
                    // the target exists does not hold the first reply back by a second.
                    h2.exec("nsenter", "--net=/proc/" + pingerPid + "/ns/net", "sysctl", "-qw",
                            "net.ipv4.neigh.eth0.retrans_time_ms=5").orThrow();
                    awaitEvents(d1, starts);
                    for (int i = 0; i < warmUp + containers; i++) {
                        measure(h1, d1, starts, pingerPid, i, i >= warmUp);
                    }
                }
            }
            printResults(containers, warmUp);
        } finally {
            Files.deleteIfExists(schema);
            Files.deleteIfExists(schemaDir);
        }
    }

    private static Agent startAgent(Host host, Store store) throws Exception {
        int mtu;
        try (NetlinkHandle handle = NetlinkHandle.open(Namespace.named(host.namespace()))) {
            mtu = handle.link("br-phy").orElseThrow().mtu();
        }
        Agent agent = Agent.start(new AgentSettings(host.name(), host.ovsdbRemote(), store.remote(),
                DockerHost.of(host.dockerHost()), "br-ovsnet", DatapathType.NETDEV, Namespace.named(host.namespace()),
                new Underlay(InetAddress.getByName(host.underlayAddress()), "br-phy", mtu)));
        agent.ready().get(60, TimeUnit.SECONDS);
        return agent;
    }

    private static String create(DockerClient docker, String ip) {
        return docker.createContainerCmd("ovsnet-busybox:test").withCmd("sleep", "3600")
                .withLabels(Map.of("ovsnet.network", NETWORK, "ovsnet.ip", ip))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
    }

    /** Records dockerd's time of every container {@code start} event. */
    private static Closeable followStarts(DockerClient docker, Map<String, CompletableFuture<Instant>> starts) {
        return docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("start")
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        starts.computeIfAbsent(event.getId(), k -> new CompletableFuture<>())
                                .complete(Instant.EPOCH.plusNanos(event.getTimeNano()));
                    }
                });
    }

    /** Makes sure the event stream is live: a throw-away container's start must arrive. */
    private static void awaitEvents(DockerClient docker, Map<String, CompletableFuture<Instant>> starts)
            throws Exception {
        String probe = docker.createContainerCmd("ovsnet-busybox:test").withCmd("true")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        Instant until = Instant.now().plusSeconds(10);
        while (true) {
            docker.startContainerCmd(probe).exec();
            try {
                starts.computeIfAbsent(probe, k -> new CompletableFuture<>()).get(1, TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("no start events from docker");
                }
                docker.waitContainerCmd(probe).start().awaitStatusCode(10, TimeUnit.SECONDS);
            }
        }
        docker.removeContainerCmd(probe).withForce(true).exec();
    }

    private void measure(Host h1, DockerClient d1, Map<String, CompletableFuture<Instant>> starts, long pingerPid,
            int i, boolean counted) throws Exception {
        String ip = SUBNET + (10 + i);
        String id = create(d1, ip);
        CompletableFuture<AddressProbe.Sample> configured = AddressProbe.watch(id,
                Path.of("/run/netns", h1.namespace()), "eth0", InetAddress.getByName(ip), TIMEOUT_MILLIS);
        CompletableFuture<Instant> event = starts.computeIfAbsent(id, k -> new CompletableFuture<>());
        try (PingProbe ping = PingProbe.start(pingerPid, ip, (int) (TIMEOUT_MILLIS / 1000))) {
            Thread.sleep(50); // let the pinger and the probe get going
            Instant startCall = Instant.now();
            d1.startContainerCmd(id).exec();
            AddressProbe.Sample sample = configured.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Instant eventTime = event.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Instant reply = ping.firstReply().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            double configuredMs = millis(eventTime, sample.configured());
            double pingMs = millis(startCall, reply);
            double eventMs = millis(startCall, eventTime);
            double afterMs = millis(sample.configured(), reply);
            double ovsDockerMs = ovsDocker(h1, id, "10.92.0." + (10 + i) + "/24");
            System.out.printf(Locale.ROOT, "%s %2d eventToConfigured=%.2f ms%s startToPing=%.1f ms ovsDocker=%.1f ms%n",
                    counted ? "container" : "warm-up  ", i, configuredMs, sample.censored() ? " (upper bound)" : "",
                    pingMs, ovsDockerMs);
            if (counted) {
                eventToConfigured.add(configuredMs);
                startToPing.add(pingMs);
                ovsDocker.add(ovsDockerMs);
                startToEvent.add(eventMs);
                configuredToPing.add(afterMs);
                censored += sample.censored() ? 1 : 0;
            }
        }
    }

    /**
     * The wall time of one {@code ovs-docker add-port}; the port is then removed (not timed), so
     * ovs-docker's ports do not pile up and slow down every later reconfiguration of either side.
     */
    private static double ovsDocker(Host h1, String id, String cidr) {
        String out = h1.exec("sh", "-c", OVS_DOCKER_TIMED, "sh", h1.dockerHost(), id, cidr).orThrow().stdout();
        h1.exec("sh", "-c", "DOCKER_HOST=\"$1\" ovs-docker del-port " + OVS_DOCKER_BRIDGE + " eth1 \"$2\"", "sh",
                h1.dockerHost(), id).orThrow();
        return Long.parseLong(out.trim()) / 1000.0;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private void printResults(int containers, int warmUp) throws IOException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(Locale.ROOT, "%ncontainers=%d (after %d warm-up) loadavg=%s%n", containers, warmUp, load);
        line("event->configured (ovsnet)", eventToConfigured);
        line("docker start->first ping reply from host 2 (ovsnet)", startToPing);
        line("  of which: docker start call->start event", startToEvent);
        line("  of which: configured->first ping reply", configuredToPing);
        line("ovs-docker add-port", ovsDocker);
        System.out.printf(Locale.ROOT, "ratio ovs-docker / ovsnet event->configured: p50 %.1fx, p99 %.1fx%n",
                percentile(ovsDocker, 50) / percentile(eventToConfigured, 50),
                percentile(ovsDocker, 99) / percentile(eventToConfigured, 99));
        System.out.printf("event->configured samples that are upper bounds (configured at the probe's first look): %d%n",
                censored);
    }

    private static void line(String what, List<Double> values) {
        System.out.printf(Locale.ROOT, "%-54s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what,
                percentile(values, 50), percentile(values, 99), percentile(values, 100));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
