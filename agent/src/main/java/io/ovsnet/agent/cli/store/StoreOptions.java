package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.ovsdb.client.ClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every store command takes: where the store is, the state directory of the local
 * store, SSL files for {@code ssl:} remotes, and the output format. A picocli mixin.
 */
public final class StoreOptions {
    /** Where the local store keeps its files unless --state-dir says otherwise. */
    public static final String DEFAULT_STATE_DIR = StoreServer.DEFAULT_DIRECTORY;

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

    StoreServer localServer() {
        return new StoreServer(stateDir);
    }

    /** Connects to --store, or to the local store (starting it when needed). */
    Ipam connect() {
        format();
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        String remotes = store != null ? store : localServer().ensureRunning();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        ClientOptions.Builder options = ClientOptions.builder(remotes).connectTimeout(timeout).callTimeout(timeout);
        if (store == null && localServer().isClustered()) {
            // The local member of a cluster forwards writes to the leader; any member will do here.
            options.anyMember();
        }
        if (sslKey != null || sslCert != null || sslCa != null) {
            if (sslKey == null || sslCert == null || sslCa == null) {
                throw new IllegalArgumentException("ssl: remotes need all three of --ssl-key, --ssl-cert and --ssl-ca");
            }
            options.tls(sslKey, sslCert, sslCa);
        }
        return Ipam.connect(options.build(), timeout);
    }
}
