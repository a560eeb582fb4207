package io.ovsnet.agent.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.agent.overlay.LocalVlans;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code ovsnet status} shows the MTU the agent gives a network's containers, from every host's underlay. */
class EffectiveMtuTest {
    private static final Network AUTO = network("auto", 0);
    private static final Network FIXED = network("fixed", 1400);

    private static Network network(String name, long mtu) {
        return new Network(new Uuid(UUID.nameUUIDFromBytes(name.getBytes())), name, 5,
                Optional.of(Cidr.parse("10.1.0.0/24")), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Encap.VXLAN, mtu, Map.of());
    }

    private static Host host(String name, String ip, OptionalInt mtu) {
        return new Host(new Uuid(UUID.randomUUID()), name, Optional.of(ip), Set.of(), Optional.empty(), Instant.EPOCH,
                mtu);
    }

    private static HostStatus status(List<Host> hosts) {
        return new Observation("h1", "br-ovsnet", "netdev", new LocalVlans(Map.of("auto", 1, "fixed", 2)), List.of(),
                Map.of(), List.of(), List.of(AUTO, FIXED), List.of(), Optional.empty(), List.of(), hosts).status();
    }

    @Test
    void theSmallestUnderlayOfAnyHostGivesTheAutomaticMtu() throws Exception {
        HostStatus s = status(List.of(host("h1", "192.0.2.1", OptionalInt.of(9000)),
                host("h2", "192.0.2.2", OptionalInt.of(1500)), host("old", "192.0.2.3", OptionalInt.empty())));
        assertThat(s.networks()).extracting(NetworkStatus::name, NetworkStatus::effectiveMtu).containsExactly(
                org.assertj.core.groups.Tuple.tuple("auto", Optional.of(1450)),
                org.assertj.core.groups.Tuple.tuple("fixed", Optional.of(1400)));
        StringWriter text = new StringWriter();
        StatusFormat.parse("text").status(new PrintWriter(text, true), s);
        assertThat(text.toString()).contains("1450 (auto)").containsPattern("fixed +2 +5 +vxlan +1400\\n");
        StringWriter json = new StringWriter();
        StatusFormat.parse("json").status(new PrintWriter(json, true), s);
        JsonNode auto = new ObjectMapper().readTree(json.toString()).get("networks").get(0);
        assertThat(auto.get("mtu").asInt()).isZero();
        assertThat(auto.get("effective_mtu").asInt()).isEqualTo(1450);
    }

    @Test
    void withoutThisHostsUnderlayTheAutomaticMtuIsNotKnown() {
        HostStatus s = status(List.of(host("h1", "192.0.2.1", OptionalInt.empty()),
                host("h2", "192.0.2.2", OptionalInt.of(1500))));
        assertThat(s.networks().get(0).effectiveMtu()).isEmpty();
        StringWriter text = new StringWriter();
        StatusFormat.parse("text").status(new PrintWriter(text, true), s);
        assertThat(text.toString()).containsPattern("auto +1 +5 +vxlan +auto\\n");
    }
}
