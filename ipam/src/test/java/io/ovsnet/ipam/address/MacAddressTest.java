package io.ovsnet.ipam.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void ipv4MacCarriesTheAddress() {
        MacAddress mac = MacAddress.derivedFrom(IpAddress.parse("10.1.0.5"));
        assertThat(mac).hasToString("02:6e:0a:01:00:05");
        assertThat(mac.isLocalUnicast()).isTrue();
        assertThat(MacAddress.derivedFrom(IpAddress.parse("10.1.0.5"))).isEqualTo(mac);
    }

    @Test
    void ipv6MacCarriesTheLow40Bits() {
        MacAddress mac = MacAddress.derivedFrom(IpAddress.parse("fd00:1::12:3456:789a"));
        assertThat(mac).hasToString("06:12:34:56:78:9a");
        assertThat(mac.isLocalUnicast()).isTrue();
        assertThat(MacAddress.derivedFrom(IpAddress.parse("fd00:1::12:3456:789b"))).isNotEqualTo(mac);
    }

    @Test
    void parsesItsOwnFormat() {
        assertThat(MacAddress.parse("02:6E:0a:01:00:05")).isEqualTo(MacAddress.derivedFrom(IpAddress.parse("10.1.0.5")));
        assertThatThrownBy(() -> MacAddress.parse("02:6e:0a:01:00")).hasMessageContaining("six hex bytes");
        assertThatThrownBy(() -> MacAddress.parse("02:6e:0a:01:00:zz")).hasMessageContaining("'zz' is not a hex byte");
    }
}
