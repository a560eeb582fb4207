package io.ovsnet.agent.daemon;

import com.github.dockerjava.api.DockerClient;
import io.ovsnet.agent.attach.Attacher;
import io.ovsnet.agent.attach.HostPlumbing;
import io.ovsnet.agent.docker.ContainerEvent;
import io.ovsnet.agent.docker.DockerWatcher;
import io.ovsnet.agent.docker.OvsnetLabels;
import io.ovsnet.agent.docker.RunningContainer;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.overlay.HostMtus;
import io.ovsnet.agent.ovs.ContainerPort;
import io.ovsnet.agent.ovs.ContainerPorts;
import io.ovsnet.agent.ovs.IntegrationBridge;
import io.ovsnet.agent.ovs.LocalSwitch;
import io.ovsnet.agent.ovs.PortIndex;
import io.ovsnet.agent.plugin.DockerEndpoint;
import io.ovsnet.agent.plugin.PluginServer;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent of one host.
 *
 * <p>Startup order (issue 5): connect to the local OVSDB and make sure the integration bridge
 * exists; connect to the store and register this host with its tunnel address; start the mesh
 * monitor; then follow Docker. Docker's first listing reports every running labelled container
 * ({@code Started}), each of which is attached or, when its port is healthy, adopted; when the
 * listing is complete ({@code Listed}) the agent reconciles what the listing leaves over: ports of
 * containers that are gone are removed, their leases and any lease of this host whose owner is
 * gone are released, and the store's record of this host's networks is corrected. Only then is
 * the agent {@link #ready()}. After that it follows Docker's events ({@code start} attaches,
 * {@code die} detaches, and so does {@code destroy} of a container whose {@code die} was not
 * seen), and the mesh follows the store. From then on a {@link BridgeGuard} puts the bridge, its
 * tunnels and the containers' ports back when they go away behind the agent's back ({@code
 * ovs-vsctl del-br} or {@code del-port}, a local OVSDB recreated empty).
 *
 * <p>Nothing is kept in private files: everything is rebuilt from OVSDB external_ids, the store
 * and Docker, so a {@code kill -9} at any moment is safe; the datapath keeps forwarding meanwhile.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** System property: attaches run on this many lanes (1..64, default 4); for benchmarks. */
    public static final String ATTACH_LANES_PROPERTY = "ovsnet.agent.attachLanes";
    private static final int DETACHED_REMEMBERED = 4096;
    private static final long CONNECT_SECONDS = 30;
    /** How often the host's record is refreshed; `ovsnet host ls` calls a host alive for 60 s. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final AgentSettings settings;
    /** Read when the agent is made, so that a bad value fails before anything is started. */
    private final int attachLanes = attachLanes();
    /** What {@link #close()} undoes, last first. */
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ExecutorService reconciles = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-reconcile");
        t.setDaemon(true);
        return t;
    });
    /** Attaches under way, awaited by the reconcile after a listing; touched only on the watcher's thread. */
    private final List<CompletableFuture<?>> listingAttaches = new ArrayList<>();
    /**
     * Containers detached on {@code die} and not started since, so that their {@code destroy} does
     * not detach them a second time (three store round trips for nothing). Bounded: a container
     * that falls out is merely detached twice, which is harmless. Touched only on the watcher's thread.
     */
    private final Set<String> detachedOnDie = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DETACHED_REMEMBERED;
        }
    });
    /**
     * The running containers ovsnet attaches, as Docker last reported them, by id. Changed on the
     * watcher's thread under {@link #containerOrder}, together with the work handed to
     * {@link #retries}, so that a re-attach by the {@link BridgeGuard} never overtakes a detach.
     */
    private final Map<String, RunningContainer> running = new ConcurrentHashMap<>();
    private final Object containerOrder = new Object();
    private IntegrationBridge bridge;
    private Ipam ipam;
    private HostPlumbing plumbing;
    private Attacher attacher;
    /** Attaches and detaches that failed (store down, pool exhausted, ...), tried again until they succeed. */
    private WorkRetries retries;
    private MeshFollower mesh;
    /** Set during startup, after the heartbeat starts: read it once into a local. */
    private volatile MtuKeeper mtus;
    private DockerClient docker;
    /** The containers of Docker's endpoints, once the plugin is served. */
    private volatile EndpointContainers endpoints;
    private BridgeGuard guard;

    private Agent(AgentSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the agent; returns once it follows Docker (see {@link #ready()} for the end of the
     * startup reconcile).
     *
     * @throws RuntimeException naming what could not be reached; everything started is stopped
     */
    public static Agent start(AgentSettings settings) {
        Agent agent = new Agent(settings);
        try {
            agent.startUp();
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    private void startUp() {
        log.info("agent starting host={} ovsdb={} store={} docker={} bridge={} encapIp={} underlayMtu={}",
                settings.hostName(), settings.ovsdb(), settings.store(), settings.docker().uri(), settings.bridge(),
                settings.underlay().address().getHostAddress(), settings.underlay().mtu());
        resources.push(reconciles::shutdownNow);
        OvsdbClient local = await(OvsdbClient.connect(ClientOptions.builder(settings.ovsdb()).build()),
                "cannot connect to the local OVSDB at " + settings.ovsdb());
        resources.push(local);
        LocalSwitch sw = await(LocalSwitch.open(local, Duration.ofSeconds(CONNECT_SECONDS)),
                "cannot monitor the local OVSDB at " + settings.ovsdb());
        resources.push(sw);
        bridge = new IntegrationBridge(sw, settings.bridge());
        await(bridge.ensure(settings.datapath()), "cannot create the bridge " + settings.bridge());

        ipam = Ipam.connectAs(settings.hostName(), settings.storeClient().build());
        resources.push(ipam);
        register();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-heartbeat");
            t.setDaemon(true);
            return t;
        });
        resources.push(heartbeat::shutdownNow);
        heartbeat.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);

        OvsdbClient storeWatch = await(OvsdbClient.connect(settings.storeClient().build()),
                "cannot connect to the store at " + settings.store());
        resources.push(storeWatch);
        mesh = MeshFollower.start(settings.hostName(), bridge, storeWatch);
        resources.push(mesh);

        NetlinkHandle host = NetlinkHandle.open(settings.hostNamespace());
        resources.push(host);
        plumbing = new HostPlumbing(settings.hostName(), host, bridge, new ContainerPorts(bridge), ipam,
                mesh, settings.underlay(), new HostMtus(settings.hostName(), settings.underlay(), mesh::hosts));
        attacher = new Attacher(plumbing, attachLanes);
        resources.push(attacher);
        mtus = new MtuKeeper(plumbing, attacher, mesh::networks, this::containerOf);
        resources.push(mtus);
        mesh.onChange(mtus::request);
        retries = new WorkRetries(attacher);
        ScheduledExecutorService retrying = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-retries");
            t.setDaemon(true);
            return t;
        });
        resources.push(retrying::shutdownNow);
        retrying.scheduleWithFixedDelay(retries::retryDue, 1, 1, TimeUnit.SECONDS);
        guard = new BridgeGuard(bridge, settings.datapath(), mesh::pass, new GuardedContainers());
        resources.push(guard);
        ready.thenRun(guard::arm);
        ready.thenRun(mtus::requestScan); // ports adopted at startup may predate a smaller host

        DockerClient docker = settings.docker().connect();
        resources.push(docker);
        this.docker = docker;
        DockerWatcher watcher = new DockerWatcher(docker, OvsnetLabels.NETWORK, this::on, Duration.ofSeconds(1));
        resources.push(watcher);
        watcher.start();
        log.info("agent following docker host={}", settings.hostName());
    }

    /**
     * Records this host in the store (tunnel address, version, underlay MTU, last seen), from which
     * every host computes the MTU of a network's containers. Idempotent.
     */
    private void register() {
        ipam.hosts().register(settings.hostName(), Optional.of(settings.underlay().address().getHostAddress()),
                Optional.of(version()), OptionalInt.of(settings.underlay().mtu()));
    }

    /**
     * A failed heartbeat is logged and tried again at the next beat; the data path is not affected.
     * Each beat also makes sure no running container's MTU is above its network's.
     */
    private void heartbeat() {
        MtuKeeper keeper = mtus;
        if (keeper != null) {
            keeper.requestScan();
        }
        try {
            register();
        } catch (RuntimeException e) {
            log.warn("heartbeat failed host={} reason={}", settings.hostName(), e.getMessage());
        }
    }

    /** Completes when the startup reconcile is done: every container of the first listing handled. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public AgentSettings settings() {
        return settings;
    }

    /** On the watcher's thread: hand work to the attach lanes, never block. */
    private void on(ContainerEvent event) {
        if (event instanceof ContainerEvent.Started s) {
            listingAttaches.removeIf(CompletableFuture::isDone);
            detachedOnDie.remove(s.container().id());
            synchronized (containerOrder) {
                running.put(s.container().id(), s.container());
                listingAttaches.add(retries.attach(s.container()));
            }
        } else if (event instanceof ContainerEvent.Died d) {
            detachedOnDie.add(d.id());
            synchronized (containerOrder) {
                running.remove(d.id());
                retries.detach(d.id(), d.labels());
            }
        } else if (event instanceof ContainerEvent.Destroyed d) {
            if (!detachedOnDie.remove(d.id())) {
                synchronized (containerOrder) {
                    running.remove(d.id());
                    retries.detach(d.id(), d.labels());
                }
            }
        } else if (event instanceof ContainerEvent.Listed l) {
            Instant listedAt = Instant.now();
            CompletableFuture<?>[] attaches = listingAttaches.toArray(CompletableFuture[]::new);
            listingAttaches.clear();
            CompletableFuture.allOf(attaches).handle((v, e) -> null)
                    .thenRunAsync(() -> reconcile(l.running(), listedAt), reconciles)
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            log.warn("startup reconcile failed reason={}", e.toString());
                        }
                        ready.complete(null);
                    });
        }
    }

    /**
     * After a listing: remove ports of containers that are not running, release this host's
     * leases whose owners are gone (only those older than the listing), and correct the store's
     * record of this host's networks.
     */
    private void reconcile(Set<String> listed, Instant listedAt) {
        List<ContainerPort> ports = await(bridge.snapshot(), "cannot read the bridge").containerPorts();
        // Read after the bridge: a container started since the listing is in the live set before
        // its port can be in the snapshot, so its port is never taken for an orphan's.
        Set<String> running = new TreeSet<>(listed);
        running.addAll(this.running.keySet());
        List<CompletableFuture<?>> detaches = new ArrayList<>();
        // Ports of Docker's endpoints (plugin mode) are Docker's to remove, with DeleteEndpoint.
        List<ContainerPort> labelled = ports.stream().filter(p -> !DockerEndpoint.owns(p)).toList();
        for (ContainerPort orphan : PortIndex.of(labelled).orphans(running)) {
            log.info("port of a container that is gone, removing container={} port={}", orphan.containerId(),
                    orphan.name());
            detaches.add(retries.detach(orphan.containerId(), Map.of()));
        }
        CompletableFuture.allOf(detaches.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
        Set<String> alive = new TreeSet<>(running);
        alive.addAll(DockerEndpoint.dockerOwners(ipam.leases().list(Optional.empty())));
        ipam.leases().collect(settings.hostName(), alive, listedAt);
        Set<String> networks = new TreeSet<>();
        ports.forEach(p -> networks.add(p.network()));
        List<Host> self = ipam.hosts().list().stream().filter(h -> h.name().equals(settings.hostName())).toList();
        for (Network n : ipam.networks().list()) {
            if (self.stream().anyMatch(h -> h.networks().contains(n.uuid()))) {
                networks.add(n.name());
            }
        }
        networks.forEach(attacher::syncMembership);
        mesh.request();
        log.info("agent reconciled host={} running={} orphanPorts={}", settings.hostName(), running.size(),
                detaches.size());
    }

    /**
     * The running container of {@code port}: a labelled container as Docker last reported it, or
     * the container that joined a Docker endpoint (plugin mode), looked up in Docker.
     */
    private Optional<RunningContainer> containerOf(ContainerPort port) {
        if (!DockerEndpoint.owns(port)) {
            return Optional.ofNullable(running.get(port.containerId()));
        }
        EndpointContainers lookup = endpoints;
        return lookup == null ? Optional.empty() : lookup.of(port.endpoint());
    }

    /** The agent's running containers as the {@link BridgeGuard} sees them. */
    private final class GuardedContainers implements BridgeGuard.Containers {
        @Override
        public Set<String> running() {
            return Set.copyOf(running.keySet());
        }

        @Override
        public boolean busy(String id) {
            return retries.owes(id);
        }

        @Override
        public Optional<CompletableFuture<?>> reattach(String id) {
            synchronized (containerOrder) {
                RunningContainer container = running.get(id);
                return container == null ? Optional.empty() : Optional.of(retries.attach(container));
            }
        }
    }

    /**
     * Serves Docker's network and IPAM plugin API on {@code socket} (see {@link PluginServer});
     * requests wait for the startup reconcile. Stopped with the agent. Not idempotent: call once.
     */
    public PluginServer servePlugin(Path socket) {
        PluginServer server = PluginServer.start(socket, plumbing, attacher, ready);
        resources.push(server);
        endpoints = new EndpointContainers(docker, socket);
        guard.alsoRewire(server::rewireEndpoints); // a lost bridge gets the endpoints' ports back too
        return server;
    }

    private static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(CONNECT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer within " + CONNECT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    /**
     * Stops following Docker and the store and closes every connection. Ports, tunnels and leases
     * stay as they are: containers keep their network while no agent runs. Idempotent.
     */
    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("agent shutdown step failed reason={}", e.toString());
            }
        }
        ready.complete(null);
    }

    /** The attach lanes: {@value #ATTACH_LANES_PROPERTY}, else 4. */
    private static int attachLanes() {
        String value = System.getProperty(ATTACH_LANES_PROPERTY, "4").strip();
        try {
            int lanes = Integer.parseInt(value);
            if (lanes >= 1 && lanes <= 64) {
                return lanes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(ATTACH_LANES_PROPERTY + " must be a number from 1 to 64: " + value);
    }
}
