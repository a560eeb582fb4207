package io.ovsnet.ipam.store;

import io.ovsnet.ipam.model.OvsNetSchema;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local member of the address store: an {@code ovsdb-server} holding the OVSNet database
 * under a state directory, started by ovsnet when it is not running. This is the one place in
 * the product that runs {@code ovsdb-tool}, {@code ovsdb-server} and {@code ovs-appctl}.
 *
 * <p>Files in the state directory: {@code ovsnet.db} (the database), {@code OVSNet.ovsschema},
 * {@code store.sock} (clients), {@code store.ctl} (ovs-appctl), {@code store.pid},
 * {@code store.log}, and for a cluster member {@code store.listen} (its remotes, kept for restarts).
 */
public final class StoreServer {
    private static final Logger LOG = LoggerFactory.getLogger(StoreServer.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    /** How long a schema upgrade may wait for the store (a cluster's leader) before it is left for later. */
    private static final long UPGRADE_TIMEOUT_SECONDS = 10;

    /** Extra listening remotes and SSL files for ovsdb-server ({@code ptcp:PORT:IP}, {@code pssl:...}). */
    public record Listen(List<String> remotes, Optional<Path> privateKey, Optional<Path> certificate,
                         Optional<Path> caCertificate) {
        public Listen {
            remotes = List.copyOf(remotes);
        }

        public static Listen none() {
            return new Listen(List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** The ovsdb-server options these settings stand for, one per element. */
        List<String> arguments() {
            List<String> args = new ArrayList<>();
            remotes.forEach(r -> args.add("--remote=" + r));
            privateKey.ifPresent(p -> args.add("--private-key=" + p));
            certificate.ifPresent(p -> args.add("--certificate=" + p));
            caCertificate.ifPresent(p -> args.add("--ca-cert=" + p));
            return args;
        }

        /** The settings written by {@link #arguments()}; lines of any other form are refused. */
        static Listen parse(List<String> arguments) {
            List<String> remotes = new ArrayList<>();
            Optional<Path> key = Optional.empty();
            Optional<Path> cert = Optional.empty();
            Optional<Path> ca = Optional.empty();
            for (String arg : arguments) {
                if (arg.isBlank()) {
                    continue;
                }
                int eq = arg.indexOf('=');
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                switch (eq < 0 ? arg : arg.substring(0, eq)) {
                    case "--remote" -> remotes.add(value);
                    case "--private-key" -> key = Optional.of(Path.of(value));
                    case "--certificate" -> cert = Optional.of(Path.of(value));
                    case "--ca-cert" -> ca = Optional.of(Path.of(value));
                    default -> throw new IllegalArgumentException("unexpected line '" + arg + "'");
                }
            }
            return new Listen(remotes, key, cert, ca);
        }
    }

    /** Where the local store lives unless told otherwise. */
    public static final String DEFAULT_DIRECTORY = "/var/lib/ovsnet";
    /** The remote of the local store in {@link #DEFAULT_DIRECTORY}. */
    public static final String DEFAULT_REMOTE = "unix:" + DEFAULT_DIRECTORY + "/store.sock";

    private final Path dir;

    public StoreServer(Path stateDirectory) {
        this.dir = stateDirectory;
    }

    public Path database() {
        return dir.resolve("ovsnet.db");
    }

    public Path socket() {
        return dir.resolve("store.sock");
    }

    public Path control() {
        return dir.resolve("store.ctl");
    }

    public Path pidFile() {
        return dir.resolve("store.pid");
    }

    public Path logFile() {
        return dir.resolve("store.log");
    }

    /**
     * The listening remotes and SSL files given when this member was created or joined, one
     * ovsdb-server option per line, so that a restart serves remote clients as before.
     */
    public Path listenFile() {
        return dir.resolve("store.listen");
    }

    /** The remote clients on this machine use: {@code unix:DIR/store.sock}. */
    public String localRemote() {
        return "unix:" + socket();
    }

    /** Whether the database file exists and is a Raft cluster member's. */
    public boolean isClustered() {
        return Files.exists(database()) && run(List.of("ovsdb-tool", "db-is-clustered", database().toString())).ok();
    }

    /** The pid of the running server, if its pid file names a live process. */
    public Optional<Long> runningPid() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes sure a store runs here: creates a standalone database if there is none, and starts
     * ovsdb-server if it is not running. A database whose schema is older than the one this
     * version ships is upgraded (see {@link #upgrade}). Idempotent. Returns {@link #localRemote()}.
     */
    public String ensureRunning() {
        createDirectory();
        Path schema = OvsNetSchema.writeTo(dir.resolve("OVSNet.ovsschema"));
        if (!Files.exists(database())) {
            check(List.of("ovsdb-tool", "create", database().toString(), schema.toString()));
            LOG.info("store database created file={}", database());
        }
        if (runningPid().isEmpty()) {
            start(savedListen());
        }
        upgrade(schema);
        return localRemote();
    }

    /**
     * Converts the running database to {@code schema} when its version is older (a store made by
     * an earlier ovsnet), online through the server ({@code ovsdb-client convert}), keeping every
     * row; for a cluster member the server hands the conversion to the leader, so the whole
     * cluster is converted. A newer database is left alone (never downgraded), and so is one that
     * cannot be converted now (a cluster without a leader): that is logged, the store still
     * serves, and readers tolerate rows without the new columns. Idempotent.
     */
    private void upgrade(Path schema) {
        String ours = OvsNetSchema.version();
        // Bounded (--timeout): a cluster member without a leader would wait for one forever.
        Result theirs = run(List.of("ovsdb-client", "--timeout=" + UPGRADE_TIMEOUT_SECONDS, "get-schema-version",
                localRemote(), OvsNetSchema.DATABASE));
        if (!theirs.ok()) {
            LOG.warn("store schema version not readable, not upgraded dir={} reason={}", dir, why(theirs));
            return;
        }
        String version = theirs.out().strip();
        if (SchemaVersion.compare(version, ours) >= 0) {
            return;
        }
        Result converted = run(List.of("ovsdb-client", "--timeout=" + UPGRADE_TIMEOUT_SECONDS, "convert",
                localRemote(), schema.toString()));
        if (!converted.ok()) {
            LOG.warn("store schema not upgraded dir={} from={} to={} reason={} (run: ovsdb-client convert {} {})",
                    dir, version, ours, why(converted), localRemote(), schema);
            return;
        }
        LOG.info("store schema upgraded dir={} from={} to={}", dir, version, ours);
    }

    /**
     * Creates the first member of a new Raft cluster ({@code ovsdb-tool create-cluster}) at
     * {@code raftAddress} ({@code tcp:IP:PORT} or {@code ssl:IP:PORT}) and starts it. Not
     * idempotent: refuses when a database already exists.
     */
    public void createCluster(String raftAddress, Listen listen) {
        refuseExisting();
        Path schema = OvsNetSchema.writeTo(dir.resolve("OVSNet.ovsschema"));
        check(List.of("ovsdb-tool", "create-cluster", database().toString(), schema.toString(), raftAddress));
        saveListen(listen);
        start(listen);
    }

    /**
     * Joins an existing cluster ({@code ovsdb-tool join-cluster}) as a member at
     * {@code raftAddress}, reaching it through {@code peers}, and starts the member. Not
     * idempotent: refuses when a database already exists.
     */
    public void joinCluster(String raftAddress, List<String> peers, Listen listen) {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("joining a cluster needs the Raft address of at least one member (--peer)");
        }
        refuseExisting();
        List<String> cmd = new ArrayList<>(List.of("ovsdb-tool", "join-cluster", database().toString(),
                OvsNetSchema.DATABASE, raftAddress));
        cmd.addAll(peers);
        check(cmd);
        saveListen(listen);
        start(listen);
    }

    /**
     * What the running server says about the database: {@code cluster/status} for a cluster
     * member, a short line for a standalone store.
     */
    public String status() {
        if (runningPid().isEmpty()) {
            throw new IllegalStateException("no store is running in " + dir + " (start one with 'ovsnet store create',"
                    + " or run any command without --store to start the local one)");
        }
        if (!isClustered()) {
            return "standalone store, database " + database() + ", clients: " + localRemote() + "\n";
        }
        return check(List.of("ovs-appctl", "-t", control().toString(), "cluster/status", OvsNetSchema.DATABASE));
    }

    /** Stops the running server by the pid in its pid file. Idempotent. */
    public void stop() {
        runningPid().flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
            LOG.info("store stopped pid={}", p.pid());
        });
    }

    private void start(Listen listen) {
        List<String> cmd = new ArrayList<>(List.of("ovsdb-server", database().toString(),
                "--remote=punix:" + socket(), "--unixctl=" + control(), "--pidfile=" + pidFile(),
                "--log-file=" + logFile(), "--detach", "--no-chdir"));
        cmd.addAll(listen.arguments());
        check(cmd);
        LOG.info("store started dir={} pid={} listen={}", dir, runningPid().orElse(-1L), listen.remotes());
    }

    /** Written before the member first starts, replacing the file whole (never half-written). */
    private void saveListen(Listen listen) {
        Path tmp = dir.resolve("store.listen.tmp");
        try {
            Files.write(tmp, listen.arguments(), StandardCharsets.UTF_8);
            Files.move(tmp, listenFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + listenFile() + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #saveListen} wrote, or no extra remotes for a store that never had any. */
    private Listen savedListen() {
        if (!Files.exists(listenFile())) {
            return Listen.none();
        }
        try {
            return Listen.parse(Files.readAllLines(listenFile(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listenFile() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(listenFile() + " is damaged (" + e.getMessage()
                    + "); fix or remove it, then start the store again");
        }
    }

    private void refuseExisting() {
        createDirectory();
        if (Files.exists(database())) {
            throw new IllegalStateException("a store database already exists at " + database()
                    + "; remove it (after stopping its server) or choose another --state-dir");
        }
    }

    private void createDirectory() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private String check(List<String> cmd) {
        Result r = run(cmd);
        if (!r.ok()) {
            throw new IllegalStateException(cmd.get(0) + " failed (exit " + r.exit() + "): " + why(r));
        }
        return r.out();
    }

    private static String why(Result r) {
        return (r.err().isBlank() ? r.out() : r.err()).strip().replace('\n', ' ');
    }

    private static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // Outputs are small; read stderr in the background so neither pipe can fill up.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (is Open vSwitch installed?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
