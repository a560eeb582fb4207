package io.ovsnet.agent.daemon;

import io.ovsnet.agent.config.Underlay;
import io.ovsnet.agent.docker.DockerHost;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.ovs.DatapathType;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.transport.TlsSettings;
import java.util.Optional;

/**
 * Everything a running agent needs, resolved (no defaults left to compute).
 *
 * @param hostName this host's name in the store; unique among the hosts sharing the store
 * @param ovsdb the local OVSDB, OVS connection-method syntax
 * @param store the shared store, OVS connection-method syntax
 * @param storeTls the PEM files for {@code ssl:} store remotes
 * @param docker the Docker daemon
 * @param bridge the integration bridge's name
 * @param datapath the bridge's datapath type
 * @param hostNamespace the network namespace where ovs-vswitchd runs, where host ends of veths go
 *     ({@link Namespace#current()} for a real host)
 * @param underlay the tunnel endpoint address and its interface's MTU
 */
public record AgentSettings(String hostName, String ovsdb, String store, Optional<TlsSettings> storeTls,
        DockerHost docker, String bridge, DatapathType datapath, Namespace hostNamespace, Underlay underlay) {
    public AgentSettings {
        if (hostName.isBlank()) {
            throw new IllegalArgumentException("host name is empty: give --host-name");
        }
    }

    /** Settings for a store reached without SSL. */
    public AgentSettings(String hostName, String ovsdb, String store, DockerHost docker, String bridge,
            DatapathType datapath, Namespace hostNamespace, Underlay underlay) {
        this(hostName, ovsdb, store, Optional.empty(), docker, bridge, datapath, hostNamespace, underlay);
    }

    /** Client options for the store: its remotes, and its SSL files when there are any. */
    ClientOptions.Builder storeClient() {
        ClientOptions.Builder options = ClientOptions.builder(store);
        storeTls.ifPresent(t -> options.tls(t.privateKey(), t.certificate(), t.caCertificate()));
        return options;
    }
}
