package io.ovsnet.agent.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
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

    /**
     * The container Docker's inspect describes, if it runs now (state running, with a process);
     * empty otherwise.
     */
    public static Optional<RunningContainer> of(InspectContainerResponse r) {
        InspectContainerResponse.ContainerState state = r.getState();
        if (state == null || !Boolean.TRUE.equals(state.getRunning()) || state.getPidLong() == null
                || state.getPidLong() <= 0) {
            return Optional.empty();
        }
        String key = r.getNetworkSettings() == null ? null : r.getNetworkSettings().getSandboxKey();
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                ? Map.of()
                : r.getConfig().getLabels();
        String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
        return Optional.of(new RunningContainer(r.getId(), name, labels, state.getPidLong(),
                key == null || key.isEmpty() ? Optional.empty() : Optional.of(Path.of(key))));
    }

    /** The network namespace to enter: the sandbox key when Docker gave one, else {@code /proc/PID/ns/net}. */
    public Path netns() {
        return sandboxKey.orElseGet(() -> Path.of("/proc", Long.toString(pid), "ns", "net"));
    }
}
