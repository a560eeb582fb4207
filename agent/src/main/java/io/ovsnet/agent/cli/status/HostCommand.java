package io.ovsnet.agent.cli.status;

import io.ovsnet.agent.cli.store.StoreOptions;
import io.ovsnet.agent.cli.store.StoreRequest;
import io.ovsnet.ipam.store.StoreServer;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ovsnet host ls|rm}: the agents' hosts recorded in the shared store. */
@Command(name = "host", description = "List the hosts of the store, or remove one.",
        subcommands = {HostCommand.Ls.class, HostCommand.Rm.class})
public final class HostCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: ls or rm");
    }

    /** Where the store is and how to print; a picocli mixin. */
    static final class StoreAccess {
        @Option(names = "--store", paramLabel = "REMOTES", defaultValue = StoreServer.DEFAULT_REMOTE,
                description = "The shared store, comma-separated for a cluster (default, as for the agent:"
                        + " ${DEFAULT-VALUE}).")
        String store;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
                description = "How long to wait for the store (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        /**
         * Checks the options, connects, runs {@code request} and closes the connection.
         *
         * @return the exit code, 0; a failure is thrown
         */
        int run(StoreRequest<StatusFormat> request) {
            StatusFormat output = StatusFormat.parse(format);
            Duration timeout = StoreOptions.timeout(timeoutSeconds);
            try (Ipam ipam = Ipam.connect(ClientOptions.builder(store).connectTimeout(timeout).callTimeout(timeout)
                    .build(), timeout)) {
                request.run(ipam, output, command.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List every host: tunnel address, liveness and networks.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        StoreAccess access;

        @Option(names = "--alive-within", paramLabel = "SECONDS", defaultValue = "60",
                description = "A host last seen longer ago than this is shown as not alive (default: ${DEFAULT-VALUE}).")
        long aliveWithinSeconds;

        @Override
        public Integer call() {
            return access.run((ipam, format, out) -> {
                Map<Uuid, String> names = ipam.networks().list().stream()
                        .collect(Collectors.toMap(Network::uuid, Network::name));
                format.hosts(out, ipam.hosts().list(), names, Instant.now(), Duration.ofSeconds(aliveWithinSeconds));
            });
        }
    }

    @Command(name = "rm", description = "Remove a host from the store and release all its leases."
            + " Removing an unknown host is not an error.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        StoreAccess access;

        @Parameters(paramLabel = "NAME", description = "The host's name.")
        String name;

        @Override
        public Integer call() {
            return access.run((ipam, format, out) -> format.removed(out, name, ipam.hosts().remove(name)));
        }
    }
}
