package io.ovsnet.ipam.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4Arithmetic() {
        Cidr c = Cidr.parse("10.1.0.0/16");
        assertThat(c.size()).isEqualTo(BigInteger.valueOf(65536));
        assertThat(c.lastAddress()).hasToString("10.1.255.255");
        assertThat(c.addressAt(BigInteger.valueOf(258))).hasToString("10.1.1.2");
        assertThat(c.offsetOf(IpAddress.parse("10.1.1.2"))).isEqualTo(BigInteger.valueOf(258));
        assertThat(c.contains(IpAddress.parse("10.2.0.0"))).isFalse();
        assertThat(c.contains(IpAddress.parse("fd00::1"))).isFalse();
        assertThat(c).hasToString("10.1.0.0/16");
    }

    @Test
    void ipv6Arithmetic() {
        Cidr c = Cidr.parse("fd00:1::/64");
        assertThat(c.size()).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(c.lastAddress()).hasToString("fd00:1::ffff:ffff:ffff:ffff");
        assertThat(c.addressAt(BigInteger.valueOf(0x10005))).hasToString("fd00:1::1:5");
        assertThat(c).hasToString("fd00:1::/64");
    }

    @Test
    void overlapIsContainmentEitherWay() {
        Cidr big = Cidr.parse("10.0.0.0/8");
        assertThat(big.overlaps(Cidr.parse("10.200.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.200.0.0/16").overlaps(big)).isTrue();
        assertThat(Cidr.parse("10.1.0.0/24").overlaps(Cidr.parse("10.1.1.0/24"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("fd00::/8"))).isFalse();
    }

    @Test
    void refusesHostBitsNamingTheNetwork() {
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/16"))
                .hasMessage("subnet 10.1.2.3/16 has host bits set; did you mean 10.1.0.0/16?");
    }

    @Test
    void refusesMalformedSubnets() {
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0")).hasMessageContaining("expected ADDRESS/PREFIX");
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/33")).hasMessageContaining("prefix length 33 is outside 0..32");
        assertThatThrownBy(() -> Cidr.parse("10.1.0/16")).hasMessageStartingWith("malformed subnet '10.1.0/16'");
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/x")).hasMessageContaining("is not a number");
    }

    @Test
    void offsetOfAnOutsideAddressNamesBoth() {
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/24").offsetOf(IpAddress.parse("10.1.1.1")))
                .hasMessage("address 10.1.1.1 is outside the subnet 10.1.0.0/24");
    }
}
