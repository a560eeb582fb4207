package io.ovsnet.testbed;

import java.util.List;

/**
 * A "container" without Docker: a network namespace with one veth, {@code eth0} inside, whose
 * peer ({@link #hostInterface()}) sits in the host's namespace, ready to be added to an OVS
 * bridge. TX checksum offload is off on both ends (FACTS: TCP across the userspace datapath
 * needs it). Made by {@link Host#addContainer(String)}, removed with the testbed.
 */
public final class Container {
    private final String name;
    private final String namespace;
    private final String hostInterface;
    private final CommandRunner runner;

    Container(String name, String namespace, String hostInterface, CommandRunner runner) {
        this.name = name;
        this.namespace = namespace;
        this.hostInterface = hostInterface;
        this.runner = runner;
    }

    /** The name given to {@link Host#addContainer(String)}. */
    public String name() {
        return name;
    }

    /** The network namespace, for {@code ip netns exec}. */
    public String namespace() {
        return namespace;
    }

    /** The interface inside the container: always {@code eth0}. */
    public String interfaceName() {
        return "eth0";
    }

    /** The veth end in the host's namespace ({@code c-NAME}), for {@code ovs-vsctl add-port}. */
    public String hostInterface() {
        return hostInterface;
    }

    /** Runs a command inside the container's namespace; never throws for a non-zero exit. */
    public CommandResult exec(String... command) {
        return runner.run(command);
    }

    /** Adds an address such as {@code 10.1.0.2/24} to {@code eth0}. Not idempotent. */
    public void addAddress(String cidr) {
        runner.run(List.of("ip", "addr", "add", cidr, "dev", "eth0")).orThrow();
    }
}
