package io.ovsnet.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/**
 * The Docker daemon's API address, such as {@code unix:///var/run/docker.sock}.
 *
 * @param uri a {@code unix://} or {@code tcp://} address
 */
public record DockerHost(URI uri) {
    public static final String DEFAULT_ADDRESS = "unix:///var/run/docker.sock";
    public static final DockerHost DEFAULT = of(DEFAULT_ADDRESS);

    public DockerHost {
        String scheme = uri.getScheme();
        if (!"unix".equals(scheme) && !"tcp".equals(scheme)) {
            throw new IllegalArgumentException(
                    "Docker address " + uri + " is not valid: expected unix:///PATH or tcp://HOST:PORT");
        }
    }

    /** Parses an address such as {@code unix:///run/x/docker.sock}. */
    public static DockerHost of(String address) {
        return new DockerHost(URI.create(address));
    }

    /**
     * Opens a client for this daemon. Nothing is sent until the first call; the caller closes
     * the client.
     */
    public DockerClient connect() {
        DefaultDockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri.toString()).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(uri)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(16)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
