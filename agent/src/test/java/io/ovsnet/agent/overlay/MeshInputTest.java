package io.ovsnet.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MeshInputTest {

    @Test
    void hostsAreMembersOfTheNetworksTheyReference() throws Exception {
        Network blue = network("blue", 100, Encap.VXLAN);
        Network red = network("red", 200, Encap.GRE);
        Network empty = network("empty", 300, Encap.VXLAN);
        List<Host> hosts = List.of(
                host("h1", Optional.of("192.0.2.11"), Set.of(blue.uuid(), red.uuid())),
                host("h2", Optional.of("192.0.2.12"), Set.of(blue.uuid())),
                host("h3", Optional.empty(), Set.of(red.uuid())),
                host("h4", Optional.of("not-an-address"), Set.of()));

        MeshInput input = MeshInput.from(List.of(blue, red, empty), hosts);

        assertThat(input.members()).containsExactly(
                new NetworkMembers(new OverlayNetwork("blue", 100, Encapsulation.VXLAN), Set.of("h1", "h2")),
                new NetworkMembers(new OverlayNetwork("red", 200, Encapsulation.GRE), Set.of("h1", "h3")),
                new NetworkMembers(new OverlayNetwork("empty", 300, Encapsulation.VXLAN), Set.of()));
        assertThat(input.addresses()).isEqualTo(Map.of(
                "h1", InetAddress.getByName("192.0.2.11"), "h2", InetAddress.getByName("192.0.2.12")));
        assertThat(input.networkNames()).containsExactly("blue", "red", "empty");
    }

    private static Network network(String name, long vni, Encap encap) {
        return new Network(new Uuid(UUID.randomUUID()), name, vni, Optional.of(Cidr.parse("10.1.0.0/24")),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), encap, 0, Map.of());
    }

    private static Host host(String name, Optional<String> tunnelIp, Set<Uuid> networks) {
        return new Host(new Uuid(UUID.randomUUID()), name, tunnelIp, networks, Optional.empty(), Instant.EPOCH);
    }
}
