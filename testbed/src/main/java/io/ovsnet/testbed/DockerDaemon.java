package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dockerd of one simulated host. It runs in the host's network namespace (entered with
 * nsenter, not {@code ip netns exec}, which would remount /sys and hide the cgroups) and in a
 * private mount namespace where the host's plugin directory is bind-mounted at
 * {@code /run/docker/plugins}; vfs storage, its own data and exec roots, socket and pidfile,
 * no iptables and no default bridge.
 */
final class DockerDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(DockerDaemon.class);
    private static final String LAUNCH = "mkdir -p /run/docker/plugins"
            + " && mount --bind \"$1/plugins\" /run/docker/plugins"
            + " && exec dockerd --data-root \"$1/docker-data\" --exec-root \"$1/docker-exec\""
            + " -H \"unix://$1/docker.sock\" --pidfile \"$1/dockerd.pid\""
            + " --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs";

    private final Host host;
    private final Daemon daemon;
    private final CommandRunner client;

    private DockerDaemon(Host host, Daemon daemon) {
        this.host = host;
        this.daemon = daemon;
        this.client = CommandRunner.local().within(List.of("docker", "-H", host()));
    }

    /** Starts dockerd for {@code host} without waiting; records its stop in {@code teardown}. */
    static DockerDaemon launch(Host host, Teardown teardown) {
        Path dir = host.runDirectory();
        Path log = dir.resolve("dockerd.log");
        Process process;
        try {
            Files.createDirectories(dir.resolve("plugins"));
            process = new ProcessBuilder("nsenter", "--net=/run/netns/" + host.namespace(),
                    "unshare", "-m", "--propagation", "private", "sh", "-c", LAUNCH, "sh", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new TestbedException("cannot start dockerd for " + host.name() + ": " + e.getMessage(), e);
        }
        // nsenter, unshare and sh exec one another, so this pid is dockerd's.
        DockerDaemon docker = new DockerDaemon(host, new Daemon("dockerd " + host.name(), process.pid(), log));
        teardown.add("stop dockerd " + host.name(), docker::stop);
        return docker;
    }

    /**
     * Waits until dockerd answers, then imports the busybox image from {@code imageTar}.
     *
     * @throws TestbedException with the tail of dockerd.log if it does not answer in time
     */
    void awaitReadyAndImport(Duration timeout, Path imageTar) {
        Poll.until("dockerd of " + host.name(), timeout, daemon.log(), () -> {
            if (!daemon.isAlive()) {
                throw new TestbedException("dockerd of " + host.name() + " exited; " + Poll.tail(daemon.log()));
            }
            return Files.exists(socket()) && client.run("version").succeeded();
        });
        client.check("import", imageTar.toString(), BusyboxImage.NAME);
        LOG.info("testbed dockerd up host={} socket={} pid={}", host.name(), socket(), daemon.pid());
    }

    /**
     * Removes every container, then stops dockerd (and the containerd it started). Idempotent.
     */
    void stop() {
        if (daemon.isAlive() && Files.exists(socket())) {
            CommandResult ids = client.run("ps", "-aq");
            if (ids.succeeded() && !ids.stdout().isBlank()) {
                List<String> remove = new ArrayList<>(List.of("rm", "-f"));
                remove.addAll(List.of(ids.stdout().strip().split("\\s+")));
                client.run(remove);
            }
        }
        daemon.stop(Duration.ofSeconds(20));
    }

    Daemon daemon() {
        return daemon;
    }

    Path socket() {
        return host.runDirectory().resolve("docker.sock");
    }

    String host() {
        return "unix://" + socket();
    }

    /** Runs the docker client; a command that hangs is reported with what dockerd logged last. */
    CommandResult run(String... args) {
        try {
            return client.run(List.of(args));
        } catch (TestbedException e) {
            throw new TestbedException(e.getMessage() + "\n" + Poll.tail(daemon.log()), e);
        }
    }
}
