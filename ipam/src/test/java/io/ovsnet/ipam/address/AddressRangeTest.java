package io.ovsnet.ipam.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(AddressRange.parse("10.0.0.9")).isEqualTo(
                new AddressRange(IpAddress.parse("10.0.0.9"), IpAddress.parse("10.0.0.9")));
        assertThat(AddressRange.parse("10.0.0.100-10.0.0.199").last()).hasToString("10.0.0.199");
        AddressRange cidr = AddressRange.parse("10.0.0.128/25");
        assertThat(cidr).hasToString("10.0.0.128-10.0.0.255");
        assertThat(AddressRange.parse(cidr.toString())).isEqualTo(cidr);
        assertThat(cidr.contains(IpAddress.parse("10.0.0.200"))).isTrue();
        assertThat(cidr.contains(IpAddress.parse("10.0.0.127"))).isFalse();
    }

    @Test
    void refusesBackwardsAndMixedRanges() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.9-10.0.0.1")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.9-fd00::1")).hasMessageContaining("mixes IPv4 and IPv6");
        assertThatThrownBy(() -> AddressRange.parse("nonsense")).hasMessageStartingWith("malformed exclusion 'nonsense'");
    }
}
