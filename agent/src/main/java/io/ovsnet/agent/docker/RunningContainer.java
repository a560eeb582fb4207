package io.ovsnet.agent.docker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A running container as Docker's inspect describes it, with what the attach pipeline needs.
 *
 * @param id the full 64-hex container id
 * @param name the container's name without the leading slash
 * @param labels all labels of the container
 * @param pid the process id of the container's init process (in the agent's pid namespace)
 * @param sandboxKey Docker's {@code NetworkSettings.SandboxKey}: the bind-mounted network
 *     namespace file, empty when Docker reported none
 */
public record RunningContainer(
        String id, String name, Map<String, String> labels, long pid, Optional<Path> sandboxKey) {
    public RunningContainer {
        labels = Map.copyOf(labels);
    }

    /** The network namespace to enter: the sandbox key when Docker gave one, else {@code /proc/PID/ns/net}. */
    public Path netns() {
        return sandboxKey.orElseGet(() -> Path.of("/proc", Long.toString(pid), "ns", "net"));
    }
}
