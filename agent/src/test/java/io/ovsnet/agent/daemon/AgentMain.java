package io.ovsnet.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovsnet.testbed.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@link AgentCommand} as a process of its own, so that a test can {@code kill -9} it (the
 * product runs it as {@code ovsnet agent}).
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }

    /**
     * {@code ovsnet agent} for {@code host} as a process in the host's namespace, with the store at
     * {@code store}, appending its output to {@code log}, keeping its state in {@code stateDir} and
     * its plugin socket at {@code pluginSocket}; returns once the agent has reconciled.
     */
    static Process startProcess(Host host, String store, Path log, Path stateDir, Path pluginSocket)
            throws Exception {
        long from = Files.size(log);
        List<String> command = List.of("nsenter", "--net=/run/netns/" + host.namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--host-name", host.name(), "--ovsdb", host.ovsdbRemote(), "--store", store,
                "--docker", host.dockerHost(), "--encap-ip", host.underlayAddress(), "--datapath", "netdev",
                "--state-dir", stateDir.toString(), "--plugin-socket", pluginSocket.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(process.isAlive()).as("agent process alive; log: %s", Files.readString(log)).isTrue();
            assertThat(Files.readString(log).substring((int) from)).contains("agent reconciled host=" + host.name());
        });
        return process;
    }
}
