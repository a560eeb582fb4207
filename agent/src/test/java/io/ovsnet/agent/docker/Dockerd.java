package io.ovsnet.agent.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private dockerd for tests (FACTS.md): its own data root, exec root and socket in a temporary
 * directory, in a network namespace of its own, with a busybox image imported from
 * {@code /bin/busybox}. Stopped by the pid it was started with; everything removed on close.
 */
final class Dockerd implements AutoCloseable {
    static final String IMAGE = "ovsnet-busybox:test";

    private final String netns;
    private final Path dir;
    private final Path socket;
    private Process process;

    private Dockerd(String netns, Path dir) {
        this.netns = netns;
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
    }

    /** Starts dockerd and imports the busybox image; fails with a clear message when it cannot run here. */
    static Dockerd start() throws Exception {
        require(Path.of("/usr/sbin/dockerd"), "dockerd (apt-get install docker.io)");
        require(Path.of("/bin/busybox"), "/bin/busybox (apt-get install busybox-static)");
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("this test needs root: it starts dockerd in a network namespace");
        }
        String name = "ovsg-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("ovsnet-dockerd-");
        Dockerd d = new Dockerd(name, dir);
        try {
            run("ip", "netns", "add", name);
            run("ip", "-n", name, "link", "set", "lo", "up");
            d.startDaemon();
            d.importImage();
            return d;
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    DockerHost host() {
        return DockerHost.of("unix://" + socket);
    }

    /** Starts dockerd again after {@link #stop()}, with the same data. */
    void startDaemon() throws Exception {
        Files.deleteIfExists(socket);
        process = new ProcessBuilder("nsenter", "--net=/run/netns/" + netns,
                "dockerd", "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "-H", "unix://" + socket, "--pidfile", dir.resolve("docker.pid").toString(),
                "--iptables=false", "--bridge=none", "--storage-driver=vfs", "--shutdown-timeout=1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dockerd exited: " + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("dockerd did not answer within 30 s: " + tail());
            }
            Thread.sleep(100);
        }
    }

    /** Stops dockerd (SIGTERM to the pid it was started with, SIGKILL after 20 s). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code docker run -d --network none} with the labels given as {@code key=value}; returns the id. */
    String runContainer(String... labels) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--network", "none"));
        for (String label : labels) {
            cmd.add("--label");
            cmd.add(label);
        }
        cmd.addAll(List.of(IMAGE, "sleep", "600"));
        return docker(cmd.toArray(String[]::new)).strip();
    }

    /** Runs the docker CLI against this daemon and returns its standard output. */
    String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                String ids = docker("ps", "-aq").strip();
                if (!ids.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
            }
        } catch (Exception e) {
            System.err.println("removing test containers failed: " + e.getMessage());
        }
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runQuietly("ip", "netns", "del", netns);
        runQuietly("rm", "-rf", "--one-file-system", dir.toString());
    }

    private boolean answers() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(java.nio.ByteBuffer.wrap("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(512);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    private void importImage() throws Exception {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep", "ping", "ip", "cat", "nc")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        run("sh", "-c", "tar -C " + root + " -c . | docker -H unix://" + socket + " import - " + IMAGE);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static void require(Path binary, String what) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("this test needs " + what + ", not found at " + binary);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static void runQuietly(String... cmd) {
        try {
            run(cmd);
        } catch (Exception e) {
            System.err.println("cleanup step failed: " + e.getMessage());
        }
    }
}
