package io.ovsnet.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.ovs.ContainerPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttacherTest {

    @Test
    void theFirstFreeEthNameSkipsTakenOnesAndFillsGaps() {
        assertThat(Attacher.firstFreeEth(List.of("lo"))).isEqualTo("eth0");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth1"))).isEqualTo("eth2");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth2"))).isEqualTo("eth1");
        assertThat(Attacher.firstFreeEth(List.of())).isEqualTo("eth0");
    }

    @Test
    void aDualStackPortIsWholeOnlyWithBothAddressesInTheContainer() {
        ContainerPort dual = port("10.2.0.5/24", Optional.of("fd00:2::5/64"));
        Address v4 = Address.parse("10.2.0.5/24");
        Address v6 = Address.parse("fd00:2:0::5/64");
        Address linkLocal = Address.parse("fe80::1/64");
        assertThat(Attacher.missingAddress(dual, List.of(linkLocal, v6, v4))).isEmpty();
        assertThat(Attacher.missingAddress(dual, List.of(v4, linkLocal)))
                .contains("address fd00:2::5/64 is missing on eth0");
        assertThat(Attacher.missingAddress(dual, List.of(v6))).contains("address 10.2.0.5/24 is missing on eth0");
        assertThat(Attacher.missingAddress(dual, List.of(v4, Address.parse("fd00:2::5/128"))))
                .as("another prefix length is another address").isPresent();
    }

    @Test
    void anIpv4PortNeedsOnlyItsIpv4AddressAndAnIpv6OnlyPortItsIpv6One() {
        assertThat(Attacher.missingAddress(port("10.2.0.5/24", Optional.empty()),
                List.of(Address.parse("10.2.0.5/24")))).isEmpty();
        ContainerPort v6only = port("fd00:2::5/64", Optional.of("fd00:2::5/64"));
        assertThat(v6only.addresses()).containsExactly("fd00:2::5/64");
        assertThat(Attacher.missingAddress(v6only, List.of(Address.parse("fd00:2::5/64")))).isEmpty();
        assertThat(Attacher.missingAddress(v6only, List.of())).contains("address fd00:2::5/64 is missing on eth0");
        assertThat(Attacher.missingAddress(port("garbage", Optional.empty()), List.of()))
                .contains("recorded address garbage is not valid");
    }

    private static ContainerPort port(String ip, Optional<String> ip6) {
        return new ContainerPort("ovsaaaaaaaaaaa", "a".repeat(64), "eth0", "dual", "a".repeat(64), ip, ip6,
                "02:6e:0a:02:00:05", 4);
    }
}
