package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared OVSDB store on loopback for any schema: one standalone ovsdb-server, or a Raft
 * cluster of several. Remotes are OVS connection methods ({@code tcp:127.0.0.1:P} and
 * {@code unix:PATH}; comma-separated for a cluster). For failure tests: {@link #leader()},
 * {@link #kill(StoreMember)}, {@link #restart(StoreMember)}.
 *
 * <pre>{@code
 * try (Store store = Store.cluster(3, Path.of("src/main/resources/ovsnet.ovsschema"))) {
 *     store.transact("[\"OVSNet\",{\"op\":\"insert\",...}]").orThrow();
 *     store.kill(store.leader());
 *     store.awaitLeader();
 * }
 * }</pre>
 * Files live in {@code /run/ovsnet-it/RUNID/store}; {@link #close()} stops its servers by pid
 * and deletes them (a shutdown hook does the same at JVM exit).
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RunId run = RunId.random();
    private final String database;
    private final boolean clustered;
    private final List<StoreMember> members = new ArrayList<>();
    private final Teardown teardown = new Teardown();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "store-" + run + "-shutdown");

    private Store(String database, boolean clustered) {
        this.database = database;
        this.clustered = clustered;
    }

    /**
     * Starts one ovsdb-server with a database created from {@code schema}.
     *
     * @throws TestbedException if not root, OVS is missing, or the server does not start
     */
    public static Store standalone(Path schema) {
        Requirements.check(Requirements.OVS);
        Store store = new Store(schemaName(schema), false);
        return store.build(() -> {
            StoreMember member = store.addMember(1, 0);
            CommandRunner.local().check("ovsdb-tool", "create", member.databaseFile().toString(),
                    schema.toString());
            member.start();
        });
    }

    /**
     * Starts a Raft cluster of {@code size} members (3 or 5 make sense) with a database created
     * from {@code schema}, and waits until every member knows the leader.
     *
     * @throws TestbedException if not root, OVS is missing, or the cluster does not form
     */
    public static Store cluster(int size, Path schema) {
        if (size < 1 || size > 7) {
            throw new IllegalArgumentException("cluster size must be 1..7: " + size);
        }
        Requirements.check(Requirements.OVS);
        Store store = new Store(schemaName(schema), true);
        return store.build(() -> {
            CommandRunner local = CommandRunner.local();
            for (int i = 1; i <= size; i++) {
                StoreMember member = store.addMember(i, FreePort.pick());
                if (i == 1) {
                    local.check("ovsdb-tool", "create-cluster", member.databaseFile().toString(),
                            schema.toString(), member.raftAddress());
                } else {
                    local.check("ovsdb-tool", "join-cluster", member.databaseFile().toString(),
                            store.database, member.raftAddress(), store.members.get(0).raftAddress());
                }
            }
            store.members.forEach(StoreMember::start);
            store.members.forEach(store::awaitMembership);
        });
    }

    private static String schemaName(Path schema) {
        if (!Files.isReadable(schema)) {
            throw new TestbedException("schema file not readable: " + schema.toAbsolutePath());
        }
        return CommandRunner.local().check("ovsdb-tool", "schema-name", schema.toString()).stdout().strip();
    }

    private Store build(Runnable steps) {
        StaleRuns.sweep();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        teardown.add("delete " + RunId.BASE + " if empty", () -> Directories.deleteIfEmpty(RunId.BASE));
        teardown.add("delete " + run.directory(), () -> Directories.deleteTree(run.directory()));
        try {
            Files.createDirectories(run.directory());
            StaleRuns.claim(run);
            steps.run();
        } catch (IOException e) {
            close();
            throw new TestbedException("cannot create " + run.directory() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info("store up run={} database={} members={} remote={}", run, database, members.size(), remote());
        return this;
    }

    private StoreMember addMember(int index, int raftPort) {
        Path dir = run.directory().resolve("store").resolve("s" + index);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TestbedException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StoreMember member = new StoreMember("s" + index, dir, FreePort.pick(), raftPort);
        members.add(member);
        teardown.add("stop ovsdb-server " + member.name(), () -> {
            if (member.daemon() != null) {
                member.daemon().stop(Duration.ofSeconds(5));
            }
        });
        return member;
    }

    /** Waits until {@code member} is a cluster member that knows the leader and has applied its log. */
    private void awaitMembership(StoreMember member) {
        Poll.until("cluster membership of " + member.name(), TIMEOUT, member.log(), () -> {
            String status = clusterStatus(member);
            return status.contains("Status: cluster member") && status.contains("\nLeader: ")
                    && !status.contains("Leader: unknown") && status.contains("Entries not yet applied: 0");
        });
    }

    private String clusterStatus(StoreMember member) {
        CommandResult status = member.runner().run("ovs-appctl", "-t", member.control().toString(),
                "cluster/status", database);
        return status.succeeded() ? status.stdout() : "";
    }

    /** The database name from the schema. */
    public String databaseName() {
        return database;
    }

    /** Whether this is a Raft cluster (false: a standalone server). */
    public boolean isClustered() {
        return clustered;
    }

    /** The members in order s1, s2, ... (one for a standalone store). */
    public List<StoreMember> members() {
        return List.copyOf(members);
    }

    /** Every member's TCP remote, comma-separated: {@code tcp:127.0.0.1:P1,tcp:127.0.0.1:P2,...}. */
    public String remote() {
        return members.stream().map(StoreMember::tcpRemote).collect(Collectors.joining(","));
    }

    /** Every member's unix socket remote, comma-separated. */
    public String unixRemote() {
        return members.stream().map(StoreMember::unixRemote).collect(Collectors.joining(","));
    }

    /**
     * The member whose {@code cluster/status} says {@code Role: leader} (the only member of a
     * standalone store).
     *
     * @throws TestbedException if no running member is leader right now
     */
    public StoreMember leader() {
        return currentLeader().orElseThrow(() -> new TestbedException("no member of the "
                + database + " cluster is leader now"));
    }

    /** Waits up to 30 s until some running member is leader, and returns it. */
    public StoreMember awaitLeader() {
        Poll.until("a leader of the " + database + " cluster", TIMEOUT, members.get(0).log(),
                () -> currentLeader().isPresent());
        return leader();
    }

    private Optional<StoreMember> currentLeader() {
        if (!clustered) {
            return Optional.of(members.get(0));
        }
        return members.stream()
                .filter(StoreMember::isRunning)
                .filter(member -> clusterStatus(member).contains("Role: leader"))
                .findFirst();
    }

    /** Kills the member's ovsdb-server with SIGKILL (a crash). Idempotent. */
    public void kill(StoreMember member) {
        LOG.info("store member killed member={} pid={}", member.name(), member.daemon().pid());
        member.daemon().kill();
    }

    /**
     * Starts a killed member again on its database file and ports; for a cluster, waits until
     * it is a member again that knows the leader and has applied what it has (it may still be
     * catching up with the newest entries). Not idempotent: the member must not be running.
     */
    public void restart(StoreMember member) {
        if (member.isRunning()) {
            throw new IllegalStateException(member.name() + " is still running");
        }
        member.start();
        if (clustered) {
            awaitMembership(member);
        }
        LOG.info("store member restarted member={} pid={}", member.name(), member.daemon().pid());
    }

    /**
     * Runs {@code ovsdb-client transact REMOTE TRANSACTION} against all members. Note that
     * ovsdb-client exits 0 even when an operation fails: look for {@code "error"} in stdout.
     */
    public CommandResult transact(String transaction) {
        return CommandRunner.local().run("ovsdb-client", "--timeout=20", "transact", remote(), transaction);
    }

    /** Stops every server by pid and deletes the store's files. Idempotent. */
    @Override
    public void close() {
        teardown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is already shutting down (we are the hook).
        }
        LOG.info("store down run={}", run);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("store teardown at JVM exit incomplete run={} error={}", run, e.getMessage());
        }
    }
}
