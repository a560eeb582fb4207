package io.ovsnet.ipam.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void parsesAndFormatsIpv4() {
        IpAddress a = IpAddress.parse("10.1.255.7");
        assertThat(a.family()).isEqualTo(IpFamily.IPV4);
        assertThat(a.value()).isEqualTo(BigInteger.valueOf(0x0a01ff07L));
        assertThat(a).hasToString("10.1.255.7");
    }

    @ParameterizedTest
    @CsvSource({
        "FD00:0:0:0:0:0:0:1, fd00::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8::0001, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "::ffff:192.0.2.1, ::ffff:c000:201",
        "fe80:0:0:1:0:0:0:0, fe80:0:0:1::"
    })
    void formatsIpv6CanonicallyPerRfc5952(String in, String canonical) {
        IpAddress a = IpAddress.parse(in);
        assertThat(a.family()).isEqualTo(IpFamily.IPV6);
        assertThat(a).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "10.0.0.1.2", "10.0.0.x", "1:2:3:4:5:6:7:8:9", "1::2::3",
        "12345::", "fd00:::1", "example.com", "-1.0.0.0"})
    void refusesMalformedLiterals(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IP address");
    }

    @Test
    void convertsToAndFromInetAddress() throws Exception {
        IpAddress v6 = IpAddress.parse("fd00:1::5");
        assertThat(v6.toInetAddress()).isEqualTo(InetAddress.getByName("fd00:1::5"));
        assertThat(IpAddress.of(InetAddress.getByName("192.0.2.200"))).isEqualTo(IpAddress.parse("192.0.2.200"));
        assertThat(IpAddress.parse("0.0.0.1").toInetAddress().getAddress()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void ordersByFamilyThenValue() {
        assertThat(IpAddress.parse("10.0.0.2")).isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("::1")).isGreaterThan(IpAddress.parse("255.255.255.255"));
    }
}
