package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.ovsdb.client.ClientOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every store command takes: where the store is, the state directory of the local
 * store, SSL files for {@code ssl:} remotes, and the output format. A picocli mixin; a command runs
 * its requests through {@link #run} and prints one-value results with {@link #message}.
 */
public final class StoreOptions {
    /** Where the local store keeps its files unless --state-dir says otherwise. */
    public static final String DEFAULT_STATE_DIR = StoreServer.DEFAULT_DIRECTORY;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--store", paramLabel = "REMOTES",
            description = "The address store: unix:PATH, tcp:IP:PORT or ssl:IP:PORT, comma-separated for the members"
                    + " of a cluster. Default: the local store in --state-dir, started if it is not running.")
    String store;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "State directory of the local store (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--ssl-key", paramLabel = "PEM", description = "Private key for ssl: remotes.")
    Path sslKey;

    @Option(names = "--ssl-cert", paramLabel = "PEM", description = "Certificate for ssl: remotes.")
    Path sslCert;

    @Option(names = "--ssl-ca", paramLabel = "PEM", description = "CA certificate for ssl: remotes.")
    Path sslCa;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to try to reach the store, and to retry a request through reconnects"
                    + " (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    /** The output format; fails with one clear line for anything but text or json. */
    OutputFormat format() {
        return OutputFormat.parse(format);
    }

    /** Where the command prints its result. */
    private PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Prints a one-value result: a line of text, or {"KEY": "VALUE"}. */
    void message(String key, String value) {
        format().message(out(), key, value);
    }

    /**
     * Connects as {@link #connect()} does, runs {@code request} and closes the connection.
     *
     * @return the exit code, 0; a failure is thrown
     */
    int run(StoreRequest<OutputFormat> request) {
        return run(OutputFormat::parse, request);
    }

    /**
     * As {@link #run(StoreRequest)}, for a command with an output format of its own, parsed from
     * {@code --format} by {@code formats} before anything is connected or started.
     */
    public <F> int run(Function<String, F> formats, StoreRequest<F> request) {
        F output = formats.apply(format);
        try (Ipam ipam = connect()) {
            request.run(ipam, output, out());
        }
        return 0;
    }

    /** The value of a {@code --timeout SECONDS} option; fails with one clear line below one second. */
    public static Duration timeout(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }

    StoreServer localServer() {
        return new StoreServer(stateDir);
    }

    /** Connects to --store, or to the local store (starting it when needed). */
    private Ipam connect() {
        Duration timeout = timeout(timeoutSeconds);
        StoreServer local = store == null ? localServer() : null;
        String remotes = local == null ? store : local.ensureRunning();
        ClientOptions.Builder options = ClientOptions.builder(remotes).connectTimeout(timeout).callTimeout(timeout);
        if (local != null && local.isClustered()) {
            // The local member of a cluster forwards writes to the leader; any member will do here.
            options.anyMember();
        }
        tls(options, "--ssl-", sslKey, sslCert, sslCa);
        return Ipam.connect(options.build(), timeout);
    }

    /**
     * Adds the SSL files given by the options {@code PREFIXkey}, {@code PREFIXcert} and
     * {@code PREFIXca} to {@code options}; none given is fine, some but not all is refused.
     */
    public static void tls(ClientOptions.Builder options, String prefix, Path key, Path cert, Path ca) {
        if (key == null && cert == null && ca == null) {
            return;
        }
        if (key == null || cert == null || ca == null) {
            throw new IllegalArgumentException("ssl: remotes need all three of " + prefix + "key, " + prefix + "cert and "
                    + prefix + "ca");
        }
        options.tls(key, cert, ca);
    }
}
