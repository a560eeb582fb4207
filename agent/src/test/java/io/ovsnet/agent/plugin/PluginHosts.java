package io.ovsnet.agent.plugin;

import io.ovsnet.agent.AgentHosts;
import io.ovsnet.agent.config.Underlay;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.testbed.Host;
import io.ovsnet.testbed.Daemon;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of the plugin's integration tests: the {@link AgentHosts} of some hosts, each agent
 * serving the plugin socket in that host's plugin directory, so that only its dockerd finds it.
 * Closing stops the agents first, then removes everything else.
 */
final class PluginHosts implements AutoCloseable {
    /** How the testbed runs a host's dockerd ({@code $1}: the host's run directory); see FACTS.md. */
    private static final String DOCKERD = "mkdir -p /run/docker/plugins"
            + " && mount --bind \"$1/plugins\" /run/docker/plugins"
            + " && exec dockerd --data-root \"$1/docker-data\" --exec-root \"$1/docker-exec\""
            + " -H \"unix://$1/docker.sock\" --pidfile \"$1/dockerd.pid\""
            + " --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs";

    /** dockerds this fixture restarted, by host index; it stops them. */
    private final Map<Integer, Daemon> dockerds = new HashMap<>();
    private final AgentHosts hosts;

    private PluginHosts(AgentHosts hosts) {
        this.hosts = hosts;
    }

    static PluginHosts start(int hosts) throws Exception {
        return new PluginHosts(AgentHosts.start(hosts, "ovsnet-plugin-it", ipam -> { },
                (agent, host) -> agent.servePlugin(socket(host))));
    }

    /** The plugin socket of a host: where its dockerd looks for plugins. */
    static Path socket(Host host) {
        return host.pluginDirectory().resolve("ovsnet.sock");
    }

    /** The host's underlay: its address on br-phy with br-phy's MTU. */
    static Underlay underlay(Host host) {
        return AgentHosts.underlay(host);
    }

    Host host(int index) {
        return hosts.host(index);
    }

    Ipam ipam() {
        return hosts.ipam();
    }

    PluginClient client(int index) {
        return new PluginClient(socket(host(index)));
    }

    private static void removeDockerObjects(Host host) {
        List<String> containers = host.docker("ps", "-aq").stdout().lines().filter(l -> !l.isBlank()).toList();
        if (!containers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(containers);
            host.docker(rm.toArray(String[]::new));
        }
        host.docker("network", "ls", "-q", "--filter", "driver=ovsnet").stdout().lines().filter(l -> !l.isBlank())
                .forEach(network -> host.docker("network", "rm", network));
    }

    /**
     * Stops the dockerd of host {@code index} (SIGTERM: it stops its containers, telling the
     * plugin) and starts a new one with the same directories, as the testbed does; returns once
     * it answers. The new dockerd is stopped when the fixture closes.
     */
    void restartDockerd(int index) throws Exception {
        Host host = host(index);
        Daemon old = dockerds.containsKey(index) ? dockerds.get(index)
                : host.daemons().stream().filter(d -> d.name().startsWith("dockerd")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("host " + host.name() + " runs no dockerd"));
        old.stop(Duration.ofSeconds(30));
        Path dir = host.runDirectory();
        Path log = dir.resolve("dockerd-restarted.log");
        Process process = new ProcessBuilder("nsenter", "--net=/run/netns/" + host.namespace(), "unshare", "-m",
                "--propagation", "private", "sh", "-c", DOCKERD, "sh", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Daemon started = new Daemon("dockerd " + host.name() + " (restarted)", process.pid(), log);
        if (!dockerds.containsKey(index)) {
            hosts.closeLater(() -> dockerds.get(index).stop(Duration.ofSeconds(20)));
        }
        dockerds.put(index, started);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!host.docker("version").succeeded()) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("restarted dockerd of " + host.name() + " does not answer: "
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    /** Stops the agent of host {@code index} and starts a new one; returns once it is ready. */
    void restartAgent(int index) throws Exception {
        hosts.restartAgent(index);
    }

    /**
     * Stops the agents after Docker let go of their networks: containers and ovsnet networks are
     * removed first, while the plugin still answers (dockerd retries a vanished plugin for 30 s).
     */
    @Override
    public void close() {
        hosts.testbed().hosts().forEach(PluginHosts::removeDockerObjects);
        hosts.close();
    }
}
