package io.ovsnet.agent.cli.status;

import java.util.Optional;

/**
 * One tunnel port of this host as {@code ovsnet status} shows it.
 *
 * @param port the Port and Interface name
 * @param network the network it carries ({@code ovsnet-network})
 * @param peer the peer host ({@code ovsnet-peer})
 * @param remoteIp {@code options:remote_ip}
 * @param vni {@code options:key}
 * @param type the Interface type, vxlan or gre
 * @param vlan the Port's access VLAN, the network's local VLAN
 * @param linkState {@code Interface.link_state}, empty when ovs-vswitchd has not set it
 * @param ofport {@code Interface.ofport}: -1 when ovs-vswitchd could not create the interface
 * @param error {@code Interface.error}
 */
public record TunnelStatus(String port, String network, String peer, String remoteIp, long vni, String type,
        int vlan, Optional<String> linkState, Optional<Long> ofport, Optional<String> error) {

    /** One word: {@code error} when OVS reports one or gave ofport -1, else the link state or {@code unknown}. */
    public String state() {
        if (error.isPresent() || ofport.equals(Optional.of(-1L))) {
            return "error";
        }
        return linkState.orElse("unknown");
    }
}
