package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.store.StoreServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovsnet store create|join|status}: the local member of the address store. Without
 * {@code --raft}, {@code create} starts a standalone store; with it, the first member of a Raft
 * cluster, which others {@code join}.
 */
@Command(name = "store", description = "Create, join and show the address store (standalone or a Raft cluster).",
        subcommands = {StoreCommand.Create.class, StoreCommand.Join.class, StoreCommand.Status.class})
public final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create, join or status");
    }

    /** Where this member listens for clients and for Raft, and its SSL files. */
    static final class MemberOptions {
        @Option(names = "--listen", paramLabel = "ptcp:PORT[:IP]|pssl:PORT[:IP]",
                description = "Also accept clients here (the local unix socket is always served).")
        List<String> listen = new ArrayList<>();

        @Option(names = "--server-key", paramLabel = "PEM", description = "Private key for pssl: and ssl: Raft.")
        Path key;

        @Option(names = "--server-cert", paramLabel = "PEM", description = "Certificate for pssl: and ssl: Raft.")
        Path cert;

        @Option(names = "--server-ca", paramLabel = "PEM", description = "CA certificate for pssl: and ssl: Raft.")
        Path ca;

        StoreServer.Listen toListen() {
            return new StoreServer.Listen(listen, Optional.ofNullable(key), Optional.ofNullable(cert),
                    Optional.ofNullable(ca));
        }
    }

    @Command(name = "create", description = "Start the local store; with --raft, as the first member of a new cluster.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        MemberOptions member;

        @Option(names = "--raft", paramLabel = "tcp:IP:PORT|ssl:IP:PORT",
                description = "This member's Raft address, which the other members use.")
        String raft;

        @Override
        public Integer call() {
            StoreServer server = store.localServer();
            if (raft == null) {
                if (!member.listen.isEmpty()) {
                    throw new IllegalArgumentException("--listen is for cluster members; give --raft too");
                }
                String remote = server.ensureRunning();
                store.message("remote", remote);
            } else {
                server.createCluster(raft, member.toListen());
                store.message("raft", raft);
            }
            return 0;
        }
    }

    @Command(name = "join", description = "Join an existing cluster as a new member.")
    static final class Join implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        MemberOptions member;

        @Option(names = "--raft", paramLabel = "tcp:IP:PORT|ssl:IP:PORT", required = true,
                description = "This member's Raft address.")
        String raft;

        @Option(names = "--peer", paramLabel = "tcp:IP:PORT|ssl:IP:PORT", required = true,
                description = "The Raft address of a member of the cluster (repeatable).")
        List<String> peers = new ArrayList<>();

        @Override
        public Integer call() {
            store.localServer().joinCluster(raft, peers, member.toListen());
            store.message("raft", raft);
            return 0;
        }
    }

    @Command(name = "status", description = "Show the local store: standalone, or this member's cluster status.")
    static final class Status implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            String status = store.localServer().status();
            store.message("status", status.strip());
            return 0;
        }
    }
}
