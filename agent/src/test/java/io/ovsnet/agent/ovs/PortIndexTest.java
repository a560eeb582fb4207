package io.ovsnet.agent.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortIndexTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final ContainerPort A0 = port("ovsaaaaaaaaaaa", A, "eth0", "ep-a0");
    private static final ContainerPort A1 = port("ovsaaaaaaaaab1", A, "eth1", "ep-a1");
    private static final ContainerPort B0 = port("ovsbbbbbbbbbbb", B, "eth0", "ep-b0");

    @Test
    void findsPortsByContainerEndpointAndName() {
        PortIndex index = PortIndex.of(List.of(A0, A1, B0));
        assertThat(index.ofContainer(A)).containsExactlyInAnyOrder(A0, A1);
        assertThat(index.ofContainer("c".repeat(64))).isEmpty();
        assertThat(index.ofEndpoint("ep-b0")).contains(B0);
        assertThat(index.ofEndpoint("ep-x")).isEmpty();
        assertThat(index.byName()).containsEntry("ovsaaaaaaaaab1", A1).hasSize(3);
    }

    @Test
    void portsOfContainersNoLongerRunningAreOrphans() {
        PortIndex index = PortIndex.of(List.of(A0, A1, B0));
        assertThat(index.orphans(List.of(B))).containsExactlyInAnyOrder(A0, A1);
        assertThat(index.orphans(List.of(A, B))).isEmpty();
    }

    @Test
    void externalIdsReadBackIntoTheSamePort() {
        assertThat(ContainerPort.from(A0.name(), A0.externalIds(), Optional.of(7L))).contains(A0);
        assertThat(ContainerPort.from(A0.name(), A0.externalIds(), Optional.empty())).isEmpty();
        Map<String, String> partial = new HashMap<>(A0.externalIds());
        partial.remove(ContainerPort.MAC);
        assertThat(ContainerPort.from(A0.name(), partial, Optional.of(7L))).isEmpty();
    }

    @Test
    void anIpv6AddressIsRecordedAsOvsnetIp6AndReadBack() {
        ContainerPort dual = new ContainerPort("ovsaaaaaaaaaaa", A, "eth0", "blue", "ep-a0", "10.1.0.5/24",
                Optional.of("fd00:1::5/64"), "02:00:00:00:00:05", 7);
        assertThat(dual.externalIds()).containsEntry(ContainerPort.IP6, "fd00:1::5/64")
                .containsEntry(ContainerPort.IP, "10.1.0.5/24");
        assertThat(ContainerPort.from(dual.name(), dual.externalIds(), Optional.of(7L))).contains(dual);
        assertThat(A0.externalIds()).doesNotContainKey(ContainerPort.IP6);
        assertThat(A0.ip6()).isEmpty();
    }

    private static ContainerPort port(String name, String container, String iface, String endpoint) {
        return new ContainerPort(name, container, iface, "blue", endpoint, "10.1.0.5/24", "02:00:00:00:00:05", 7);
    }
}
