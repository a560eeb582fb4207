package io.ovsnet.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One ovsdb-server of a {@link Store}: a standalone server, or one member of a Raft cluster.
 * Listens on {@code tcp:127.0.0.1:PORT} and on a unix socket; the Raft port (cluster only)
 * differs from the client port.
 */
public final class StoreMember {
    private final String name;
    private final Path directory;
    private final int clientPort;
    private final int raftPort;
    private final CommandRunner runner;
    private volatile Daemon daemon;

    StoreMember(String name, Path directory, int clientPort, int raftPort) {
        this.name = name;
        this.directory = directory;
        this.clientPort = clientPort;
        this.raftPort = raftPort;
        String dir = directory.toString();
        this.runner = new CommandRunner(List.of(),
                Map.of("OVS_RUNDIR", dir, "OVS_LOGDIR", dir, "OVS_DBDIR", dir), Duration.ofSeconds(30));
    }

    /** Starts ovsdb-server on the existing database file; returns once it listens. */
    void start() {
        runner.check("ovsdb-server", file("db"), "--remote=punix:" + file("db.sock"),
                "--remote=ptcp:" + clientPort + ":127.0.0.1", "--unixctl=" + file("ovsdb-server.ctl"),
                "--pidfile=" + file("ovsdb-server.pid"), "--log-file=" + file("ovsdb-server.log"),
                "-vconsole:off", "--detach");
        daemon = Daemon.fromPidFile("ovsdb-server " + name, directory.resolve("ovsdb-server.pid"), log());
    }

    CommandRunner runner() {
        return runner;
    }

    /** {@code s1}, {@code s2}, ... */
    public String name() {
        return name;
    }

    /** The client remote {@code tcp:127.0.0.1:PORT}. */
    public String tcpRemote() {
        return "tcp:127.0.0.1:" + clientPort;
    }

    /** The client remote {@code unix:DIR/db.sock}. */
    public String unixRemote() {
        return "unix:" + file("db.sock");
    }

    /** The Raft address {@code tcp:127.0.0.1:PORT} (cluster members only; 0 port otherwise). */
    public String raftAddress() {
        return "tcp:127.0.0.1:" + raftPort;
    }

    /** The control socket, for {@code ovs-appctl -t PATH}. */
    public Path control() {
        return directory.resolve("ovsdb-server.ctl");
    }

    /** The database file. */
    public Path databaseFile() {
        return directory.resolve("db");
    }

    /** The log file. */
    public Path log() {
        return directory.resolve("ovsdb-server.log");
    }

    /** The process currently running (or last run) for this member. */
    public Daemon daemon() {
        return daemon;
    }

    /** Whether its ovsdb-server is alive. */
    public boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    Path directory() {
        return directory;
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    @Override
    public String toString() {
        return name + "(" + tcpRemote() + ")";
    }
}
