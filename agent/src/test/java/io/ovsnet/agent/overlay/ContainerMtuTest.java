package io.ovsnet.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContainerMtuTest {
    private static final InetAddress V4 = address("192.0.2.1");
    private static final InetAddress V6 = address("2001:db8::1");

    @Test
    void subtractsTheEncapsulationOverhead() {
        assertThat(ContainerMtu.of(1500, V4, Encapsulation.VXLAN, OptionalInt.empty())).isEqualTo(1450);
        assertThat(ContainerMtu.of(1500, V4, Encapsulation.GRE, OptionalInt.empty())).isEqualTo(1458);
        assertThat(ContainerMtu.of(1500, V6, Encapsulation.VXLAN, OptionalInt.empty())).isEqualTo(1430);
        assertThat(ContainerMtu.of(1500, V6, Encapsulation.GRE, OptionalInt.empty())).isEqualTo(1438);
        assertThat(ContainerMtu.of(9000, V4, Encapsulation.VXLAN, OptionalInt.empty())).isEqualTo(8950);
    }

    @Test
    void theNetworksOwnMtuWinsWhenItFits() {
        assertThat(ContainerMtu.of(1500, V4, Encapsulation.VXLAN, OptionalInt.of(1400))).isEqualTo(1400);
        assertThat(ContainerMtu.of(1500, V4, Encapsulation.VXLAN, OptionalInt.of(1450))).isEqualTo(1450);
        assertThatThrownBy(() -> ContainerMtu.of(1500, V4, Encapsulation.VXLAN, OptionalInt.of(1451)))
                .hasMessageContaining("network MTU 1451 is not valid here: expected 68 to 1450");
        assertThatThrownBy(() -> ContainerMtu.of(1500, V4, Encapsulation.GRE, OptionalInt.of(67)))
                .hasMessageContaining("network MTU 67");
    }

    @Test
    void refusesAnUnderlayTooSmallToCarryAnything() {
        assertThat(ContainerMtu.of(118, V4, Encapsulation.VXLAN, OptionalInt.empty())).isEqualTo(68);
        assertThatThrownBy(() -> ContainerMtu.of(117, V4, Encapsulation.VXLAN, OptionalInt.empty()))
                .hasMessageContaining("underlay MTU 117 leaves 67 bytes");
    }

    private static ContainerMtu.HostUnderlay host(String name, int mtu, InetAddress address) {
        return new ContainerMtu.HostUnderlay(name, mtu, address);
    }

    @Test
    void aNetworksMtuIsTheSmallestThatFitsEveryHostsUnderlay() {
        ContainerMtu.HostUnderlay jumbo = host("h1", 9000, V4);
        List<ContainerMtu.HostUnderlay> others = List.of(host("h2", 1500, V4), host("h3", 4000, V4));
        assertThat(ContainerMtu.shared(jumbo, others, Encapsulation.VXLAN, OptionalInt.empty())).isEqualTo(1450);
        assertThat(ContainerMtu.shared(host("h2", 1500, V4), List.of(jumbo), Encapsulation.VXLAN, OptionalInt.empty()))
                .as("the same on the small host").isEqualTo(1450);
        assertThat(ContainerMtu.shared(jumbo, others, Encapsulation.GRE, OptionalInt.empty())).isEqualTo(1458);
        assertThat(ContainerMtu.shared(jumbo, List.of(), Encapsulation.VXLAN, OptionalInt.empty()))
                .as("alone").isEqualTo(8950);
        assertThat(ContainerMtu.shared(jumbo, List.of(host("h6", 1500, V6)), Encapsulation.VXLAN, OptionalInt.empty()))
                .as("an IPv6 underlay costs more").isEqualTo(1430);
    }

    @Test
    void aHostThatCannotCarryAnythingDoesNotStopTheOthers() {
        assertThat(ContainerMtu.shared(host("h1", 1500, V4), List.of(host("tiny", 100, V4)), Encapsulation.VXLAN,
                OptionalInt.empty())).isEqualTo(1450);
    }

    @Test
    void aNetworksOwnMtuIsCheckedAgainstThisHostOnly() {
        List<ContainerMtu.HostUnderlay> small = List.of(host("h2", 1500, V4));
        assertThat(ContainerMtu.shared(host("h1", 9000, V4), small, Encapsulation.VXLAN, OptionalInt.of(8000)))
                .isEqualTo(8000);
        assertThatThrownBy(() -> ContainerMtu.shared(host("h2", 1500, V4), List.of(), Encapsulation.VXLAN,
                OptionalInt.of(8000))).hasMessageContaining("network MTU 8000 is not valid here: expected 68 to 1450");
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
