package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ovsnet lease ls|reserve|release}: the address leases of the shared store. */
@Command(name = "lease", description = "List, reserve and release address leases.",
        subcommands = {LeaseCommand.Ls.class, LeaseCommand.Reserve.class, LeaseCommand.Release.class})
public final class LeaseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: ls, reserve or release");
    }

    @Command(name = "ls", description = "List the leases of one network, or of all.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NETWORK", arity = "0..1")
        String network;

        @Override
        public Integer call() {
            return store.run((ipam, format, out) -> {
                List<Lease> leases = ipam.leases().list(Optional.ofNullable(network));
                Map<Uuid, String> names = ipam.networks().list().stream()
                        .collect(Collectors.toMap(Network::uuid, Network::name));
                format.leases(out, leases, names);
            });
        }
    }

    @Command(name = "reserve", description = "Set an address aside for an owner: the one given, or any free one.")
    static final class Reserve implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NETWORK")
        String network;

        @Option(names = "--ip", paramLabel = "IP", description = "The address (default: any free IPv4 address,"
                + " or IPv6 with --ipv6).")
        String ip;

        @Option(names = "--ipv6", description = "Without --ip: take a free IPv6 address.")
        boolean ipv6;

        @Option(names = "--owner", paramLabel = "ID", required = true, description = "Who holds the address.")
        String owner;

        @Override
        public Integer call() {
            return store.run((ipam, format, out) -> {
                Lease lease = ip != null
                        ? ipam.leases().reserve(network, IpAddress.parse(ip), owner, LeaseKind.RESERVED, Optional.empty())
                        : ipam.leases().allocate(network, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4, owner,
                                LeaseKind.RESERVED, Optional.empty());
                format.lease(out, lease, network);
            });
        }
    }

    @Command(name = "release", description = "Release an address. Releasing a free address is not an error.")
    static final class Release implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String network;

        @Parameters(index = "1", paramLabel = "IP")
        String ip;

        @Override
        public Integer call() {
            IpAddress address = IpAddress.parse(ip);
            return store.run((ipam, format, out) -> {
                boolean released = ipam.leases().release(network, address);
                format.message(out, released ? "released" : "free",
                        released ? "released " + address : address + " was not leased");
            });
        }
    }
}
