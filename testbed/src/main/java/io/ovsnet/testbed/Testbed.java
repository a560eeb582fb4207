package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several simulated hosts on one machine, for integration tests.
 *
 * <h2>Usage</h2>
 * Add the test dependency {@code io.ovsnet:ovsnet-testbed} and run the tests as root.
 * <pre>{@code
 * // JUnit 5: one testbed for the whole class (static field) or per test (instance field).
 * @RegisterExtension
 * static final TestbedExtension<Testbed> TESTBED =
 *         TestbedExtension.of(() -> Testbed.builder().hosts(3).withDocker().start());
 *
 * @Test
 * void example() {
 *     Host h1 = TESTBED.get().host(1);
 *     h1.exec("ovs-vsctl", "add-br", "br-int", "--", "set", "bridge", "br-int",
 *             "datapath_type=netdev").orThrow();      // runs in h1's namespace with OVS_RUNDIR
 *     h1.exec("ping", "-c1", TESTBED.get().host(2).underlayAddress()).orThrow();
 *     String remote = h1.ovsdbRemote();                // "unix:/run/ovsnet-it/RUN/h1/db.sock"
 *     h1.appctl("ovs/route/show");                     // ovs-appctl -t <h1's ovs-vswitchd>
 *     Container c = h1.addContainer("c1");             // namespace + veth eth0 / c-c1
 *     h1.docker("run", "--rm", "--network", "none", h1.busyboxImage(), "true").orThrow();
 * }
 *
 * // Without JUnit: try-with-resources.
 * try (Testbed testbed = Testbed.builder().hosts(2).start();
 *      Store store = Store.cluster(3, Path.of("my.ovsschema"))) {
 *     store.remote();                                  // "tcp:127.0.0.1:P1,tcp:...,tcp:..."
 *     store.kill(store.leader());
 * }
 * }</pre>
 * Each host ({@link Host}) is a network namespace {@code ovt-RUNID-hI} with its own
 * ovsdb-server and ovs-vswitchd (netdev datapath) in {@code /run/ovsnet-it/RUNID/hI}, and the
 * underlay address {@code 192.0.2.(10+i)/24} on bridge {@code br-phy}, whose port {@code phy0}
 * is a veth into the Linux bridge {@code br0} of namespace {@code ovt-RUNID-wire}. With
 * {@link Builder#withDocker()} each host also runs a dockerd (socket {@link Host#dockerHost()},
 * plugin directory {@link Host#pluginDirectory()}) with the image {@code ovsnet-busybox:test}.
 * The shared OVSDB store is separate: {@link Store}.
 *
 * <p>{@link #close()} stops exactly the processes it started (by pid), deletes its namespaces
 * and directories; a shutdown hook does the same if the JVM exits first, and a run whose JVM
 * was killed outright is removed by the next testbed or store that starts. Failures are clear
 * exceptions: not root, a missing package, a daemon that did not come up (with its log tail).
 * dockerd may create the empty standard directories {@code /run/docker/plugins} and
 * {@code /run/containerd/s} on first use, as docker.io itself would; they are left in place.
 */
public final class Testbed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);

    private final RunId run;
    private final Teardown teardown = new Teardown();
    private final List<Host> hosts = new ArrayList<>();
    private final Thread shutdownHook;

    private Testbed(RunId run) {
        this.run = run;
        this.shutdownHook = new Thread(this::closeQuietly, "testbed-" + run + "-shutdown");
    }

    /** A builder for a testbed: by default 3 hosts without Docker. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a testbed; {@link #start()} builds it. */
    public static final class Builder {
        private int hosts = 3;
        private boolean docker;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The number of hosts, 1 to 200. */
        public Builder hosts(int count) {
            if (count < 1 || count > 200) {
                throw new IllegalArgumentException("hosts must be 1..200: " + count);
            }
            this.hosts = count;
            return this;
        }

        /** Run a dockerd on every host (started in parallel) with the busybox image imported. */
        public Builder withDocker() {
            this.docker = true;
            return this;
        }

        /** The longest wait for any one daemon to become ready (default 60 s). */
        public Builder readinessTimeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Builds the testbed. On failure everything built so far is removed before the
         * exception propagates.
         *
         * @throws TestbedException if not root, a binary is missing, or a daemon does not come up
         */
        public Testbed start() {
            Map<String, String> needs = new HashMap<>(Requirements.OVS);
            if (docker) {
                needs.putAll(Requirements.DOCKER);
            }
            Requirements.check(needs);
            StaleRuns.sweep();
            Testbed testbed = new Testbed(RunId.random());
            try {
                testbed.build(this);
                return testbed;
            } catch (RuntimeException e) {
                try {
                    testbed.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    private void build(Builder options) {
        long started = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path dir = run.directory();
        teardown.add("delete " + RunId.BASE + " if empty", () -> Directories.deleteIfEmpty(RunId.BASE));
        teardown.add("delete " + dir, () -> Directories.deleteTree(dir));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TestbedException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StaleRuns.claim(run);
        CommandRunner local = CommandRunner.local();
        String wire = wireNamespace();
        teardown.add("delete namespace " + wire, () -> Host.deleteNamespace(wire));
        local.check("ip", "netns", "add", wire);
        local.check("ip", "-n", wire, "link", "add", "br0", "type", "bridge");
        local.check("ip", "-n", wire, "link", "set", "br0", "up");
        for (int i = 1; i <= options.hosts; i++) {
            hosts.add(Host.start(run, i, wire, teardown, options.timeout));
        }
        if (options.docker) {
            startDocker(options.timeout);
        }
        LOG.info("testbed up run={} hosts={} docker={} seconds={}", run, options.hosts, options.docker,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    private void startDocker(Duration timeout) {
        Path tar = BusyboxImage.buildTar(run.directory());
        hosts.forEach(Host::launchDocker);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (Host host : hosts) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    host.dockerDaemon().awaitReadyAndImport(timeout, tar);
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }, "testbed-dockerd-" + host.name());
            waiter.setDaemon(true);
            waiter.start();
            ready.add(done);
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** This run's id; every namespace and directory name of the run contains it. */
    public RunId runId() {
        return run;
    }

    /** The hosts, in order h1, h2, ... */
    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** Host {@code index}, 1-based. */
    public Host host(int index) {
        if (index < 1 || index > hosts.size()) {
            throw new IllegalArgumentException("no host " + index + " (hosts 1.." + hosts.size() + ")");
        }
        return hosts.get(index - 1);
    }

    /** The namespace holding the Linux bridge {@code br0} that joins the hosts' underlay links. */
    public String wireNamespace() {
        return run.namespace("wire");
    }

    /** The run directory {@code /run/ovsnet-it/RUNID} holding every host's directory. */
    public Path directory() {
        return run.directory();
    }

    /** Every process this testbed started, for checks that nothing outlives it. */
    public List<Daemon> daemons() {
        return hosts.stream().flatMap(host -> host.daemons().stream()).toList();
    }

    /**
     * Stops every process the testbed started (dockerds in parallel), deletes its namespaces and
     * directories. Idempotent.
     *
     * @throws TestbedException listing whatever could not be removed
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        stopDockerInParallel();
        LOG.info("testbed dockerds stopped run={} millis={}", run, (System.nanoTime() - started) / 1_000_000);
        teardown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is already shutting down (we are the hook), or the hook was never added.
        }
        LOG.info("testbed down run={}", run);
    }

    /** dockerd takes seconds to stop; stop them together before the ordered teardown. */
    private void stopDockerInParallel() {
        List<Thread> stoppers = new ArrayList<>();
        for (Host host : hosts) {
            if (host.hasDocker()) {
                Thread stopper = new Thread(() -> {
                    try {
                        host.dockerDaemon().stop();
                    } catch (RuntimeException e) {
                        LOG.warn("dockerd stop failed host={} error={}", host.name(), e.getMessage());
                    }
                }, "testbed-stop-dockerd-" + host.name());
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join(Duration.ofSeconds(40).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("testbed teardown at JVM exit incomplete run={} error={}", run, e.getMessage());
        }
    }
}
