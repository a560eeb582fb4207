package io.ovsnet.agent.cli.status;

import io.ovsnet.agent.cli.store.StoreOptions;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
            + " Removing an unknown host is not an error. A host seen lately is refused: its agent may still"
            + " run, and its containers still use the addresses that would be released.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The host's name.")
        String name;

        @Option(names = "--alive-within", paramLabel = "SECONDS", defaultValue = "60",
                description = "A host last seen less than this long ago is alive and not removed without --force"
                        + " (default: ${DEFAULT-VALUE}).")
        long aliveWithinSeconds;

        @Option(names = "--force", description = "Remove the host even if it was seen lately. Its agent must be"
                + " stopped: the addresses released here can be given to other containers at once.")
        boolean force;

        @Override
        public Integer call() {
            return store.run(StatusFormat::parse, (ipam, format, out) -> {
                if (!force) {
                    refuseIfAlive(ipam.hosts().list(), name, Instant.now(), Duration.ofSeconds(aliveWithinSeconds));
                }
                format.removed(out, name, ipam.hosts().remove(name));
            });
        }
    }

    /**
     * Refuses to remove a host whose agent reported within {@code aliveWithin} of {@code now}: its
     * containers still hold the addresses a removal releases, and its agent would register the
     * host again at its next heartbeat with those addresses free for others.
     */
    static void refuseIfAlive(List<Host> hosts, String name, Instant now, Duration aliveWithin) {
        for (Host host : hosts) {
            if (host.name().equals(name)) {
                Duration ago = Duration.between(host.lastSeen(), now);
                if (ago.compareTo(aliveWithin) < 0) {
                    throw new IllegalStateException("host " + name + " was seen " + Math.max(0, ago.toSeconds())
                            + " s ago, so its agent may still run and its containers use their addresses; stop that"
                            + " agent first, or give --force");
                }
            }
        }
    }
}
