package io.ovsnet.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortNamesTest {

    @Test
    void containerPortIsOvsAndElevenHexOfTheId() {
        assertThat(PortNames.containerPort("0123456789abcdef0123456789abcdef")).isEqualTo("ovs0123456789a");
        assertThat(PortNames.containerPort("0123456789abcdef0123456789abcdef")).hasSizeLessThanOrEqualTo(15);
        assertThatThrownBy(() -> PortNames.containerPort("0123456789")).hasMessageContaining("id 0123456789 is not valid");
        assertThatThrownBy(() -> PortNames.containerPort("0123456789XYZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tunnelNamesAreDeterministicAndFitIfnamsiz() {
        String a = PortNames.tunnel(Encapsulation.VXLAN, "host-1", 5001, Set.of());
        assertThat(a).isEqualTo(PortNames.tunnel(Encapsulation.VXLAN, "host-1", 5001, Set.of()));
        assertThat(a).matches("vx-[0-9a-z]{6}-5001");
        assertThat(PortNames.tunnel(Encapsulation.GRE, "host-1", 7, Set.of())).matches("gre-[0-9a-z]{6}-7");
        for (Encapsulation encap : Encapsulation.values()) {
            String widest = PortNames.tunnel(encap, "a-very-long-host-name.example", OverlayNetwork.MAX_VNI, Set.of());
            assertThat(widest).hasSizeLessThanOrEqualTo(PortNames.IFNAMSIZ).endsWith("-16777215");
        }
        assertThat(PortNames.tunnel(Encapsulation.GRE, "h", OverlayNetwork.MAX_VNI, Set.of())).matches("gre-[0-9a-z]{2}-16777215");
    }

    @Test
    void differentPeersGetDifferentNamesEvenWhenTheirHashesCollide() {
        // GRE with an 8-digit VNI leaves two characters of peer-short: 1296 names, so 500 peers collide.
        Set<String> taken = new HashSet<>();
        int collisions = 0;
        for (int i = 0; i < 500; i++) {
            String peer = "host-" + i;
            String name = PortNames.tunnel(Encapsulation.GRE, peer, 10_000_000, taken);
            if (!name.equals(PortNames.tunnel(Encapsulation.GRE, peer, 10_000_000, Set.of()))) {
                collisions++;
            }
            assertThat(taken.add(name)).as("name %s given twice", name).isTrue();
            assertThat(name).hasSizeLessThanOrEqualTo(PortNames.IFNAMSIZ);
        }
        assertThat(collisions).isPositive();
        String first = PortNames.tunnel(Encapsulation.VXLAN, "host-1", 5001, Set.of());
        String second = PortNames.tunnel(Encapsulation.VXLAN, "host-1", 5001, Set.of(first));
        assertThat(second).isNotEqualTo(first).matches("vx-[0-9a-z]{6}-5001");
    }
}
