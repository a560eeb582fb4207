package io.ovsnet.agent.cli.status;

import java.util.Optional;

/**
 * A container as Docker lists it, with what the status checks need.
 *
 * @param id the full container id
 * @param name the name without the leading slash
 * @param running whether it runs now
 * @param network the value of its {@code ovsnet.network} label, if it has one
 */
public record DockerContainer(String id, String name, boolean running, Optional<String> network) {
}
