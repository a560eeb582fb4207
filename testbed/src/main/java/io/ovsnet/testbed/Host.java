package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated host: a network namespace with its own ovsdb-server and ovs-vswitchd (userspace
 * datapath, private run directory) and the underlay address {@code 192.0.2.(10+i)/24} on the
 * internal interface of the netdev bridge {@code br-phy}, whose port {@code phy0} is a veth into
 * the testbed's wire. Optionally a dockerd (see {@link #docker(String...)}). Made by
 * {@link Testbed}; everything it makes is removed when the testbed closes.
 */
public final class Host {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    private static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";

    private final int index;
    private final RunId run;
    private final Path directory;
    private final CommandRunner runner;
    private final Teardown teardown;
    private final List<Daemon> daemons = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private DockerDaemon docker;
    private String wireNamespace;
    /** The underlay MTU set by {@link #setUnderlayMtu}, or 0 for the default (1500). */
    private int underlayMtu;

    private Host(int index, RunId run, Path directory, Teardown teardown) {
        this.index = index;
        this.run = run;
        this.directory = directory;
        this.teardown = teardown;
        String dir = directory.toString();
        this.runner = new CommandRunner(List.of("ip", "netns", "exec", run.namespace(name())),
                Map.of("OVS_RUNDIR", dir, "OVS_LOGDIR", dir, "OVS_DBDIR", dir), Duration.ofSeconds(30));
    }

    /** Builds host {@code index} (1-based) and records its undo steps in {@code teardown}. */
    static Host start(RunId run, int index, String wireNamespace, Teardown teardown, Duration timeout) {
        Host host = new Host(index, run, run.directory().resolve("h" + index), teardown);
        host.build(wireNamespace, timeout);
        return host;
    }

    private void build(String wireNamespace, Duration timeout) {
        this.wireNamespace = wireNamespace;
        CommandRunner local = CommandRunner.local();
        String ns = namespace();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TestbedException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        teardown.add("delete namespace " + ns, () -> deleteNamespace(ns));
        local.check("ip", "netns", "add", ns);
        local.check("ip", "-n", ns, "link", "set", "lo", "up");
        local.check("ip", "-n", ns, "link", "add", "phy0", "type", "veth", "peer", "name", "h" + index,
                "netns", wireNamespace);
        local.check("ip", "-n", wireNamespace, "link", "set", "h" + index, "master", "br0", "up");
        runner.check("ethtool", "-K", "phy0", "tx", "off");

        local.check("ovsdb-tool", "create", file("conf.db"), SCHEMA);
        startOvsdbServer();
        runner.check("ovs-vsctl", "--no-wait", "init");
        startSwitch(timeout);
        LOG.info("testbed host up host={} namespace={} underlay={}", name(), ns, underlayAddress());
    }

    /** Starts ovs-vswitchd and builds br-phy with the underlay port and address on it. */
    private void startSwitch(Duration timeout) {
        CommandRunner local = CommandRunner.local();
        String ns = namespace();
        runner.check("ovs-vswitchd", "unix:" + file("db.sock"), "--unixctl=" + file("ovs-vswitchd.ctl"),
                "--pidfile=" + file("ovs-vswitchd.pid"), "--log-file=" + file("ovs-vswitchd.log"),
                "-vconsole:off", "--detach");
        track(Daemon.fromPidFile("ovs-vswitchd " + name(), directory.resolve("ovs-vswitchd.pid"),
                directory.resolve("ovs-vswitchd.log")));
        CommandResult bridge = runner.run("ovs-vsctl", "--timeout=" + timeout.toSeconds(),
                "add-br", "br-phy", "--", "set", "bridge", "br-phy", "datapath_type=netdev",
                "--", "add-port", "br-phy", "phy0");
        if (!bridge.succeeded()) {
            throw new TestbedException("ovs-vswitchd of " + name() + " did not create br-phy: "
                    + bridge.stderr().strip() + "; " + Poll.tail(directory.resolve("ovs-vswitchd.log")));
        }
        local.check("ip", "-n", ns, "link", "set", "phy0", "up");
        local.check("ip", "-n", ns, "link", "set", "br-phy", "up");
        // replace: the br-phy device may outlive an ovs-vswitchd restart with its address
        local.check("ip", "-n", ns, "addr", "replace", underlayAddress() + "/24", "dev", "br-phy");
        if (underlayMtu > 0) {
            applyUnderlayMtu(timeout);
        }
    }

    /**
     * Gives this host's underlay the MTU {@code mtu}: br-phy (where the underlay address is), its
     * port phy0 and phy0's peer on the wire. Frames larger than a receiving host's underlay MTU
     * are dropped on the wire, as on a real path. Kept when the switch is rebuilt
     * ({@link #recreateOvsDatabase}). Idempotent.
     */
    public synchronized void setUnderlayMtu(int mtu, Duration timeout) {
        this.underlayMtu = mtu;
        applyUnderlayMtu(timeout);
        LOG.info("testbed underlay MTU set host={} mtu={}", name(), mtu);
    }

    private void applyUnderlayMtu(Duration timeout) {
        CommandRunner.local().check("ip", "-n", wireNamespace, "link", "set", "h" + index, "mtu",
                Integer.toString(underlayMtu));
        // Through OVS (mtu_request), which would otherwise give its internal br-phy its own idea of the MTU.
        runner.check("ovs-vsctl", "--timeout=" + timeout.toSeconds(), "set", "interface", "phy0",
                "mtu_request=" + underlayMtu, "--", "set", "interface", "br-phy", "mtu_request=" + underlayMtu);
        String expected = "mtu " + underlayMtu + " ";
        Poll.until("MTU " + underlayMtu + " on br-phy and phy0 of " + name(), timeout,
                directory.resolve("ovs-vswitchd.log"),
                () -> runner.run("ip", "-o", "link", "show", "br-phy").stdout().contains(expected)
                        && runner.run("ip", "-o", "link", "show", "phy0").stdout().contains(expected));
    }

    private void startOvsdbServer() {
        runner.check("ovsdb-server", file("conf.db"), "--remote=punix:" + file("db.sock"),
                "--unixctl=" + file("ovsdb-server.ctl"), "--pidfile=" + file("ovsdb-server.pid"),
                "--log-file=" + file("ovsdb-server.log"), "-vconsole:off", "--detach");
        track(Daemon.fromPidFile("ovsdb-server " + name(), directory.resolve("ovsdb-server.pid"),
                directory.resolve("ovsdb-server.log")));
    }

    /**
     * Stops this host's ovsdb-server (by its pid) and starts it again on the same database file
     * and socket, as an upgrade of Open vSwitch would; ovs-vswitchd keeps running and reconnects.
     */
    public synchronized void restartOvsdbServer() {
        Daemon old = daemons.stream().filter(d -> d.name().startsWith("ovsdb-server")).findFirst()
                .orElseThrow(() -> new TestbedException("host " + name() + " runs no ovsdb-server"));
        old.stop(Duration.ofSeconds(10));
        daemons.remove(old);
        startOvsdbServer();
        LOG.info("testbed ovsdb-server restarted host={} pid={}", name(), daemons.get(daemons.size() - 1).pid());
    }

    /**
     * Replaces this host's Open vSwitch database with an empty one, as a reinstall of the package
     * would: stops ovs-vswitchd and ovsdb-server (by their pids), creates {@code conf.db} afresh,
     * starts ovsdb-server, initialises the database and starts ovs-vswitchd again, then builds
     * br-phy with the underlay as at start. Everything else on the switch (other bridges, their
     * ports) is gone; veths in the host's namespace stay.
     */
    public synchronized void recreateOvsDatabase(Duration timeout) {
        for (String prefix : List.of("ovs-vswitchd", "ovsdb-server")) {
            Daemon old = daemons.stream().filter(d -> d.name().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new TestbedException("host " + name() + " runs no " + prefix));
            old.stop(Duration.ofSeconds(10));
            daemons.remove(old);
        }
        try {
            Files.deleteIfExists(directory.resolve("conf.db"));
        } catch (IOException e) {
            throw new TestbedException("cannot delete " + file("conf.db") + ": " + e.getMessage(), e);
        }
        CommandRunner.local().check("ovsdb-tool", "create", file("conf.db"), SCHEMA);
        startOvsdbServer();
        runner.check("ovs-vsctl", "--no-wait", "init");
        startSwitch(timeout);
        LOG.info("testbed Open vSwitch database recreated host={}", name());
    }

    private void track(Daemon daemon) {
        daemons.add(daemon);
        teardown.add("stop " + daemon.name(), () -> daemon.stop(Duration.ofSeconds(5)));
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    static void deleteNamespace(String namespace) {
        if (Files.exists(Path.of("/run/netns", namespace))) {
            CommandRunner.local().check("ip", "netns", "delete", namespace);
        }
    }

    /** Starts dockerd in this host's namespace (does not wait for it). */
    void launchDocker() {
        docker = DockerDaemon.launch(this, teardown);
        daemons.add(docker.daemon());
    }

    DockerDaemon dockerDaemon() {
        return docker;
    }

    /** 1-based position in the testbed. */
    public int index() {
        return index;
    }

    /** {@code h1}, {@code h2}, ... */
    public String name() {
        return "h" + index;
    }

    /** The network namespace, e.g. {@code ovt-1a2b3c-h1}, for {@code ip netns exec}. */
    public String namespace() {
        return run.namespace(name());
    }

    /** The host's private run directory (OVS_RUNDIR): sockets, pidfiles, logs, databases. */
    public Path runDirectory() {
        return directory;
    }

    /** The local OVSDB as an OVS connection method: {@code unix:DIR/db.sock}. */
    public String ovsdbRemote() {
        return "unix:" + file("db.sock");
    }

    /** The socket path of the local OVSDB (no {@code unix:} prefix). */
    public Path ovsdbSocket() {
        return directory.resolve("db.sock");
    }

    /** ovs-vswitchd's control socket, for {@code ovs-appctl -t PATH}. */
    public Path vswitchdControl() {
        return directory.resolve("ovs-vswitchd.ctl");
    }

    /** The underlay address without prefix length, e.g. {@code 192.0.2.11}. */
    public String underlayAddress() {
        return "192.0.2." + (10 + index);
    }

    /** The processes started for this host (ovsdb-server, ovs-vswitchd, dockerd). */
    public List<Daemon> daemons() {
        return List.copyOf(daemons);
    }

    /**
     * Runs a command inside the host's namespace with {@code OVS_RUNDIR} set to the run directory,
     * so plain {@code ovs-vsctl} talks to this host's OVSDB. Never throws for a non-zero exit
     * ({@link CommandResult#orThrow()} does).
     */
    public CommandResult exec(String... command) {
        return runner.run(command);
    }

    /** {@code ovs-appctl -t <vswitchd control> ARGS...} for this host's ovs-vswitchd. */
    public CommandResult appctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-appctl", "-t", vswitchdControl().toString()));
        command.addAll(List.of(args));
        return runner.run(command);
    }

    /**
     * The command line that runs {@code command} inside this host's namespace, for starting a
     * long-running process yourself (add {@link #environment()} to its environment).
     */
    public List<String> commandLine(String... command) {
        return runner.commandLine(List.of(command));
    }

    /** The environment {@link #exec(String...)} adds: OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR. */
    public Map<String, String> environment() {
        return runner.environment();
    }

    /**
     * Makes a namespace "container" attached to this host: see {@link Container}. The name is
     * 1 to 12 characters of [a-z0-9], unique within the host. Not idempotent.
     */
    public synchronized Container addContainer(String name) {
        if (!name.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("container name must be 1-12 of [a-z0-9]: " + name);
        }
        String ns = run.namespace(name() + "-" + name);
        String hostSide = "c-" + name;
        CommandRunner local = CommandRunner.local();
        teardown.add("delete namespace " + ns, () -> deleteNamespace(ns));
        local.check("ip", "netns", "add", ns);
        local.check("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", hostSide,
                "netns", namespace());
        local.check("ip", "-n", ns, "link", "set", "lo", "up");
        local.check("ip", "-n", ns, "link", "set", "eth0", "up");
        local.check("ip", "-n", namespace(), "link", "set", hostSide, "up");
        CommandRunner inside = CommandRunner.local().within(List.of("ip", "netns", "exec", ns));
        inside.check("ethtool", "-K", "eth0", "tx", "off");
        runner.check("ethtool", "-K", hostSide, "tx", "off");
        Container container = new Container(name, ns, hostSide, inside);
        containers.add(container);
        return container;
    }

    /** The namespace containers made so far. */
    public synchronized List<Container> containers() {
        return List.copyOf(containers);
    }

    /** Whether this host runs a dockerd. */
    public boolean hasDocker() {
        return docker != null;
    }

    /**
     * This host's Docker endpoint, {@code unix:///DIR/docker.sock}, for {@code docker -H} or
     * DOCKER_HOST.
     *
     * @throws IllegalStateException if the testbed was built without Docker
     */
    public String dockerHost() {
        return requireDocker().host();
    }

    /**
     * The directory bind-mounted at {@code /run/docker/plugins} in this host's dockerd: put a
     * plugin socket here and only this host's dockerd sees it.
     */
    public Path pluginDirectory() {
        return directory.resolve("plugins");
    }

    /** Runs {@code docker -H <this host's socket> ARGS...}; never throws for a non-zero exit. */
    public CommandResult docker(String... args) {
        return requireDocker().run(args);
    }

    /** The name of the busybox image imported into this host's dockerd. */
    public String busyboxImage() {
        requireDocker();
        return BusyboxImage.NAME;
    }

    private DockerDaemon requireDocker() {
        if (docker == null) {
            throw new IllegalStateException("host " + name() + " has no dockerd: build the testbed withDocker()");
        }
        return docker;
    }

    @Override
    public String toString() {
        return name() + "(" + namespace() + ", " + underlayAddress() + ")";
    }
}
