package io.ovsnet.agent.cli.vsctl;

import io.ovsnet.ovsdb.transport.Remote;
import java.util.List;
import java.util.Optional;

/**
 * Picks how to reach a database: {@code unix:} and {@code tcp:} remotes (one, or a comma-separated
 * list tried in order) through a plain blocking socket ({@link SocketVswitchReader}, the fast path
 * of one-shot commands), a list with an {@code ssl:} remote through the full OVSDB client
 * ({@link ClientVswitchReader}).
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
        if (remotes.stream().noneMatch(r -> r instanceof Remote.Ssl)) {
            return firstReachable(remote, remotes);
        }
        if (!clientLoadable()) {
            throw new ClientNotLoaded();
        }
        return ClientVswitchReader.open(remote, tls);
    }

    /**
     * Connects to the first of {@code remotes} that answers, in the order given, as ovs-vsctl does
     * with a comma-separated list; when none does, fails with the first one's reason.
     */
    private static VswitchReader firstReachable(String remote, List<Remote> remotes) {
        VsctlException first = null;
        for (Remote r : remotes) {
            try {
                if (r instanceof Remote.Unix unix) {
                    return SocketVswitchReader.unix(remote, unix.path().toString());
                }
                Remote.Tcp tcp = (Remote.Tcp) r;
                return SocketVswitchReader.tcp(remote, tcp.host(), tcp.port());
            } catch (VsctlException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
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
