package io.ovsnet.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalVlansTest {

    @Test
    void givesTheLowestFreeIdsInNameOrder() {
        LocalVlans vlans = new LocalVlans(Map.of()).assign(List.of("red", "blue", "green"));
        assertThat(vlans.byNetwork()).isEqualTo(Map.of("blue", 1, "green", 2, "red", 3));
    }

    @Test
    void keepsRecordedIdsAndFreesThoseOfNetworksGone() {
        LocalVlans recorded = new LocalVlans(Map.of("blue", 7, "red", 1));
        LocalVlans vlans = recorded.assign(List.of("blue", "green", "yellow"));
        assertThat(vlans.byNetwork()).isEqualTo(Map.of("blue", 7, "green", 1, "yellow", 2));
        assertThat(vlans.assign(List.of("blue", "green", "yellow"))).isEqualTo(vlans);
    }

    @Test
    void survivesARoundTripThroughExternalIds() {
        LocalVlans vlans = new LocalVlans(Map.of("blue", 7, "net.a-b_c", 4094));
        Map<String, String> ids = vlans.toExternalIds();
        assertThat(ids).isEqualTo(Map.of("ovsnet-vlan-blue", "7", "ovsnet-vlan-net.a-b_c", "4094"));
        assertThat(LocalVlans.fromExternalIds(ids)).isEqualTo(vlans);
    }

    @Test
    void ignoresForeignAndInvalidExternalIds() {
        LocalVlans vlans = LocalVlans.fromExternalIds(Map.of(
                "other", "3", "ovsnet-vlan-", "4", "ovsnet-vlan-a", "0", "ovsnet-vlan-b", "4095",
                "ovsnet-vlan-c", "x", "ovsnet-vlan-d", "12", "ovsnet-vlan-e", "12"));
        assertThat(vlans.byNetwork()).isEqualTo(Map.of("d", 12));
    }

    @Test
    void failsClearlyWhenAllIdsAreTaken() {
        List<String> many = IntStream.rangeClosed(1, 4095).mapToObj(i -> "n" + i).toList();
        assertThatThrownBy(() -> new LocalVlans(Map.of()).assign(many))
                .hasMessageContaining("no free local VLAN id for network");
    }
}
