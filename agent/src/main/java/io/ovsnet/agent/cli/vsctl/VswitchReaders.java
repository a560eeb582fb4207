package io.ovsnet.agent.cli.vsctl;

import io.ovsnet.ovsdb.transport.Remote;
import java.util.List;
import java.util.Optional;

/**
 * Picks how to reach a database: a single {@code unix:} or {@code tcp:} remote through a plain
 * blocking socket ({@link SocketVswitchReader}, the fast path of one-shot commands), anything
 * else ({@code ssl:}, several remotes) through the full OVSDB client ({@link ClientVswitchReader}).
 * Both fail with ovs-vsctl's words.
 *
 * <p>The launcher's class path holds only what the socket path needs; when the client's jars
 * (Netty) are not on it, {@link ClientNotLoaded} asks {@link VsctlMain} to run the command again
 * with them. Nothing has been printed by then.
 */
final class VswitchReaders {
    private VswitchReaders() {
    }

    static VswitchReader open(String remote, Optional<Invocation.TlsFiles> tls) {
        List<Remote> remotes;
        try {
            remotes = Remote.parseList(remote);
        } catch (IllegalArgumentException e) {
            throw ClientVswitchReader.connectionFailed(remote, "Address family not supported by protocol");
        }
        if (remotes.size() == 1 && remotes.get(0) instanceof Remote.Unix unix) {
            if (!java.nio.file.Files.exists(unix.path())) {
                throw ClientVswitchReader.connectionFailed(remote, "No such file or directory");
            }
            return SocketVswitchReader.unix(remote, unix.path().toString());
        }
        if (remotes.size() == 1 && remotes.get(0) instanceof Remote.Tcp tcp) {
            return SocketVswitchReader.tcp(remote, tcp.host(), tcp.port());
        }
        if (!clientLoadable()) {
            throw new ClientNotLoaded();
        }
        return ClientVswitchReader.open(remote, tls);
    }

    private static boolean clientLoadable() {
        try {
            Class.forName("io.netty.channel.Channel", false, VswitchReaders.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The remote needs the full OVSDB client, whose jars this class loader does not have. */
    static final class ClientNotLoaded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientNotLoaded() {
            super("the OVSDB client's jars are not on the class path", null, false, false);
        }
    }
}
