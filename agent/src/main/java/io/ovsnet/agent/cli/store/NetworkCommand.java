package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ipam.model.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ovsnet network create|ls|inspect|rm}: the overlay networks of the shared store. */
@Command(name = "network", description = "Create, list, inspect and remove overlay networks.",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class, NetworkCommand.Inspect.class,
            NetworkCommand.Rm.class})
public final class NetworkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: create, ls, inspect or rm");
    }

    @Command(name = "create", description = "Create a network with a VNI and IPv4 and/or IPv6 subnets.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The network's name.")
        String name;

        @Option(names = "--subnet", paramLabel = "CIDR", required = true,
                description = "A subnet, such as 10.1.0.0/16 or fd00:1::/64; at most one of each family.")
        List<String> subnets = new ArrayList<>();

        @Option(names = "--gateway", paramLabel = "IP",
                description = "The gateway of a subnet (default: the first address of its pool).")
        List<String> gateways = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "IP|IP-IP|CIDR", description = "Addresses never handed out.")
        List<String> exclude = new ArrayList<>();

        @Option(names = "--encap", paramLabel = "vxlan|gre", defaultValue = "vxlan",
                description = "Tunnel encapsulation (default: ${DEFAULT-VALUE}).")
        String encap;

        @Option(names = "--vni", paramLabel = "N", description = "The VNI (default: the lowest free one).")
        Long vni;

        @Option(names = "--mtu", paramLabel = "N", defaultValue = "0",
                description = "The container MTU (default: computed from the underlay).")
        long mtu;

        @Option(names = "--opt", paramLabel = "KEY=VALUE", description = "A free-form option.")
        Map<String, String> options = new LinkedHashMap<>();

        @Override
        public Integer call() {
            NetworkSpec request = new NetworkSpec(name, subnets.stream().map(Cidr::parse).toList(),
                    gateways.stream().map(IpAddress::parse).toList(),
                    exclude.stream().map(AddressRange::parse).toList(), Encap.parse(encap),
                    vni == null ? OptionalLong.empty() : OptionalLong.of(vni), mtu, options);
            return store.run((ipam, format, out) -> {
                Network created = ipam.networks().create(request);
                format.network(out, created, created.subnets().size());
            });
        }
    }

    @Command(name = "ls", description = "List the networks.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return store.run((ipam, format, out) -> format.networks(out, ipam.networks().list()));
        }
    }

    /** A subcommand on the one network its parameter names (picocli reads the inherited options). */
    abstract static class OnNetwork implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME")
        String name;
    }

    @Command(name = "inspect", description = "Show one network and how many leases it has.")
    static final class Inspect extends OnNetwork {
        @Override
        public Integer call() {
            return store.run((ipam, format, out) -> {
                Network network = ipam.networks().get(name);
                long leases = ipam.leases().list(Optional.of(name)).size();
                format.network(out, network, leases);
            });
        }
    }

    @Command(name = "rm", description = "Remove a network that has no endpoint leases left.")
    static final class Rm extends OnNetwork {
        @Override
        public Integer call() {
            return store.run((ipam, format, out) -> {
                ipam.networks().delete(name);
                format.message(out, "removed", name);
            });
        }
    }
}
