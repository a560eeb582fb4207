package io.ovsnet.ovsdb.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.jsonrpc.ConnectionClosedException;
import io.ovsnet.testbed.CommandRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ssl:} remotes against a real ovsdb-server listening on {@code pssl:} with certificates
 * made by openssl for this run (a CA, a server and a client certificate, and a foreign CA).
 */
class SslTransportIT {
    private static Path dir;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("ovsnet-ssl-");
        CommandRunner sh = CommandRunner.local();
        authority("ca");
        authority("other-ca");
        signed("server", "ca");
        signed("client", "ca");
        sh.run("ovsdb-tool", "create", dir.resolve("db").toString(), "/usr/share/openvswitch/vswitch.ovsschema").orThrow();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = new ProcessBuilder("ovsdb-server", dir.resolve("db").toString(),
                "--remote=pssl:" + port + ":127.0.0.1",
                "--private-key=" + dir.resolve("server.key"), "--certificate=" + dir.resolve("server.pem"),
                "--ca-cert=" + dir.resolve("ca.pem"),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--log-file=" + dir.resolve("ovsdb-server.log"),
                "-vconsole:off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("ovsdb-server.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("ovsdb-server with pssl:" + port + " did not start: "
                        + Files.readString(dir.resolve("ovsdb-server.out")));
            }
            Thread.sleep(50);
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void authority(String name) {
        CommandRunner.local().run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(),
                "-days", "2", "-subj", "/CN=ovsnet-test-" + name).orThrow();
    }

    private static void signed(String name, String ca) {
        CommandRunner sh = CommandRunner.local();
        sh.run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".csr").toString(),
                "-subj", "/CN=ovsnet-test-" + name).orThrow();
        sh.run("openssl", "x509", "-req", "-in", dir.resolve(name + ".csr").toString(),
                "-CA", dir.resolve(ca + ".pem").toString(), "-CAkey", dir.resolve(ca + ".key").toString(),
                "-CAcreateserial", "-out", dir.resolve(name + ".pem").toString(), "-days", "2").orThrow();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The first TLS handshake of a cold JVM takes seconds on a busy 2-core machine. */
    private ClientOptions.Builder options(String ca) {
        return ClientOptions.builder("ssl:127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(20))
                .tls(dir.resolve("client.key"), dir.resolve("client.pem"), dir.resolve(ca + ".pem"));
    }

    @Test
    void talksToOvsdbServerOverTls() throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(options("ca").build()).get(30, TimeUnit.SECONDS)) {
            assertThat(client.listDbs().join()).contains("Open_vSwitch");
            assertThat(client.remote()).contains(new Remote.Ssl("127.0.0.1", port));
        }
    }

    @Test
    void serverCertificateFromAnotherAuthorityIsRefused() {
        Throwable failure = catchThrowable(
                () -> OvsdbClient.connect(options("other-ca").connectTimeout(Duration.ofSeconds(3)).build()).join());

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("TLS handshake with ssl:127.0.0.1:" + port + " failed");
    }
}
