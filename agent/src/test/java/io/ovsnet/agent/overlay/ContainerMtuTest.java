package io.ovsnet.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
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

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
