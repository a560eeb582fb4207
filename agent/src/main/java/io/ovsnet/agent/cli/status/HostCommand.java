package io.ovsnet.agent.cli.status;

import io.ovsnet.agent.cli.store.StoreOptions;
import io.ovsnet.ipam.model.Network;
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

    @Command(name = "ls", description = "List every host: tunnel address, liveness and networks.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--alive-within", paramLabel = "SECONDS", defaultValue = "60",
                description = "A host last seen longer ago than this is shown as not alive (default: ${DEFAULT-VALUE}).")
        long aliveWithinSeconds;

        @Override
        public Integer call() {
            return store.run(StatusFormat::parse, (ipam, format, out) -> {
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
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The host's name.")
        String name;

        @Override
        public Integer call() {
            return store.run(StatusFormat::parse, (ipam, format, out) -> format.removed(out, name, ipam.hosts().remove(name)));
        }
    }
}
