package io.ovsnet.agent.daemon;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.ovsnet.agent.docker.RunningContainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container that joined a Docker endpoint of an ovsnet network (plugin mode): Docker does not
 * tell a network plugin, so it is looked up in Docker's networks of the ovsnet driver. Used only
 * when an endpoint's interface must change after Join (its MTU lowered). Blocks on Docker.
 */
final class EndpointContainers {
    private final DockerClient docker;
    private final String driver;

    /** @param pluginSocket the plugin's socket: Docker names the driver after its file ({@code ovsnet.sock}: ovsnet) */
    EndpointContainers(DockerClient docker, Path pluginSocket) {
        this.docker = docker;
        this.driver = pluginSocket.getFileName().toString().replaceFirst("\\.sock$", "");
    }

    /** The running container holding Docker's endpoint {@code endpointId}, if there is one. */
    Optional<RunningContainer> of(String endpointId) {
        for (Network listed : docker.listNetworksCmd().withFilter("driver", List.of(driver)).exec()) {
            Network network;
            try {
                network = docker.inspectNetworkCmd().withNetworkId(listed.getId()).exec();
            } catch (NotFoundException gone) {
                continue;
            }
            Map<String, Network.ContainerNetworkConfig> containers = network.getContainers();
            if (containers == null) {
                continue;
            }
            for (Map.Entry<String, Network.ContainerNetworkConfig> e : containers.entrySet()) {
                if (endpointId.equals(e.getValue().getEndpointId())) {
                    return running(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private Optional<RunningContainer> running(String id) {
        InspectContainerResponse r;
        try {
            r = docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
        return RunningContainer.of(r);
    }
}
