package io.ovsnet.ipam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovsnet.ipam.address.AddressRange;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    private static NetworkSpec spec(String name, List<String> subnets, List<String> gateways, List<String> exclude,
                                    OptionalLong vni, long mtu) {
        return new NetworkSpec(name, subnets.stream().map(Cidr::parse).toList(),
                gateways.stream().map(IpAddress::parse).toList(), exclude.stream().map(AddressRange::parse).toList(),
                Encap.VXLAN, vni, mtu, Map.of());
    }

    @Test
    void defaultGatewayIsTheFirstLeasableAddress() {
        NetworkSpec s = spec("blue", List.of("10.1.0.0/16", "fd00:1::/64"), List.of(), List.of("10.1.0.1-10.1.0.9"),
                OptionalLong.empty(), 0);
        assertThat(s.gateway(IpFamily.IPV4)).contains(IpAddress.parse("10.1.0.10"));
        assertThat(s.gateway(IpFamily.IPV6)).contains(IpAddress.parse("fd00:1::1"));
    }

    @Test
    void givenGatewayWins() {
        NetworkSpec s = spec("blue", List.of("10.1.0.0/24"), List.of("10.1.0.254"), List.of(), OptionalLong.of(7), 1450);
        assertThat(s.gateway(IpFamily.IPV4)).contains(IpAddress.parse("10.1.0.254"));
        assertThat(s.gateway(IpFamily.IPV6)).isEmpty();
    }

    @Test
    void refusesInvalidRequestsNamingTheValue() {
        assertThatThrownBy(() -> spec("bad name", List.of("10.1.0.0/24"), List.of(), List.of(), OptionalLong.empty(), 0))
                .hasMessageStartingWith("invalid network name 'bad name'");
        assertThatThrownBy(() -> spec("n", List.of(), List.of(), List.of(), OptionalLong.empty(), 0))
                .hasMessage("network n needs a subnet (--subnet CIDR)");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24", "10.2.0.0/24"), List.of(), List.of(),
                OptionalLong.empty(), 0)).hasMessageContaining("two ipv4 subnets");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24"), List.of("10.2.0.1"), List.of(), OptionalLong.empty(), 0))
                .hasMessage("invalid gateway: address 10.2.0.1 is outside the subnet 10.1.0.0/24");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24"), List.of("10.1.0.255"), List.of(), OptionalLong.empty(), 0))
                .hasMessageContaining("broadcast address");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24"), List.of("fd00::1"), List.of(), OptionalLong.empty(), 0))
                .hasMessageContaining("has no ipv6 subnet");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24"), List.of(), List.of("fd00::1"), OptionalLong.empty(), 0))
                .hasMessageContaining("exclusion fd00::1 is ipv6");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/24"), List.of(), List.of(), OptionalLong.of(1L << 24), 0))
                .hasMessage("VNI 16777216 is outside 1..16777215");
        assertThatThrownBy(() -> spec("n", List.of("fd00::/64"), List.of(), List.of(), OptionalLong.empty(), 1000))
                .hasMessageContaining("MTU 1000 is outside 1280..65535");
        assertThatThrownBy(() -> spec("n", List.of("10.1.0.0/30"), List.of(), List.of("10.1.0.1-10.1.0.2"),
                OptionalLong.empty(), 0).gateway(IpFamily.IPV4)).hasMessageContaining("no address left for a gateway");
    }
}
