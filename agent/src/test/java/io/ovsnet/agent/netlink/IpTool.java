package io.ovsnet.agent.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The tests' independent view of the kernel: {@code ip -j}, {@code ethtool} and {@code ping}
 * run as subprocesses, and the namespaces a test made, removed by {@link #close()}.
 */
final class IpTool implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = "ovsnet-d-" + HexFormat.of().toHexDigits(
            ThreadLocalRandom.current().nextInt());
    private final List<String> namespaces = new ArrayList<>();

    /** Fails the test with a clear message unless it runs as root with ip and ethtool. */
    static void requireRootAndTools() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(uid).as("netlink integration tests create network namespaces and veths: "
                + "run them as root (uid 0), not uid " + uid).isZero();
        for (String tool : List.of("ip", "ethtool", "ping")) {
            assertThat(List.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").stream()
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir + tool))))
                    .as("the tests need '%s' (iproute2, ethtool, iputils-ping) installed", tool)
                    .isTrue();
        }
    }

    /** Creates a namespace with a unique name ({@code ip netns add}); removed at close. */
    String addNamespace(String role) {
        String name = prefix + "-" + role;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        return name;
    }

    /** {@code ip -n NS -j ARGS...} parsed. */
    JsonNode ipJson(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace, "-j"));
        command.addAll(List.of(args));
        String out = run(command.toArray(String[]::new));
        try {
            return JSON.readTree(out.isBlank() ? "[]" : out);
        } catch (IOException e) {
            throw new AssertionError("ip printed no JSON: " + out, e);
        }
    }

    /** The {@code ip -j -d link show} entry of {@code link}. */
    JsonNode link(String namespace, String link) {
        return ipJson(namespace, "-d", "link", "show", "dev", link).get(0);
    }

    /** The names of every link of the namespace. */
    List<String> linkNames(String namespace) {
        List<String> names = new ArrayList<>();
        ipJson(namespace, "link", "show").forEach(link -> names.add(link.get("ifname").asText()));
        return names;
    }

    /** The value of feature line {@code feature} of {@code ethtool -k}, such as "off". */
    String ethtoolFeature(String namespace, String link, String feature) {
        for (String line : run("ip", "netns", "exec", namespace, "ethtool", "-k", link).split("\n")) {
            if (line.startsWith(feature + ":")) {
                return line.substring(feature.length() + 1).trim();
            }
        }
        throw new AssertionError("ethtool -k " + link + " shows no " + feature);
    }

    /** Whether any of three pings from {@code namespace} to {@code address} is answered. */
    boolean ping(String namespace, String address) {
        return exec("ip", "netns", "exec", namespace,
                "ping", "-c", "3", "-i", "0.2", "-W", "2", address) == 0;
    }

    /** Runs a command, returns its output; fails the test if it exits non-zero. */
    String run(String... command) {
        StringBuilder out = new StringBuilder();
        int exit = exec(out, command);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exit + ": " + out);
        }
        return out.toString();
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (String namespace : namespaces) {
            StringBuilder out = new StringBuilder();
            if (exec(out, "ip", "netns", "del", namespace) != 0) {
                failures.add(namespace + ": " + out);
            }
        }
        namespaces.clear();
        assertThat(failures).as("namespaces that could not be removed").isEmpty();
    }

    private int exec(String... command) {
        return exec(new StringBuilder(), command);
    }

    private static int exec(StringBuilder out, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in 30 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }
}
