package io.ovsnet.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OvsnetLabelsTest {

    @Test
    void aContainerWithoutTheNetworkLabelIsNotOurs() {
        assertThat(OvsnetLabels.parse(Map.of("ovsnet.ip", "10.0.0.1", "other", "x"))).isEmpty();
    }

    @Test
    void readsNetworkAddressAndInterface() throws Exception {
        OvsnetLabels l = OvsnetLabels.parse(
                Map.of("ovsnet.network", "blue", "ovsnet.ip", "10.1.0.5", "ovsnet.iface", "eth1")).orElseThrow();
        assertThat(l.network()).isEqualTo("blue");
        assertThat(l.ip()).contains(InetAddress.getByName("10.1.0.5"));
        assertThat(l.iface()).contains("eth1");
    }

    @Test
    void optionalLabelsMayBeAbsent() {
        OvsnetLabels l = OvsnetLabels.parse(Map.of("ovsnet.network", "net_1.a-b")).orElseThrow();
        assertThat(l.ip()).isEmpty();
        assertThat(l.iface()).isEmpty();
    }

    @Test
    void readsIpv6Literals() throws Exception {
        OvsnetLabels l = OvsnetLabels.parse(Map.of("ovsnet.network", "v6", "ovsnet.ip", "fd00::5")).orElseThrow();
        assertThat(l.ip()).contains(InetAddress.getByName("fd00::5"));
    }

    @Test
    void refusesBadValuesNamingLabelAndValue() {
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "")))
                .isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("ovsnet.network=");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "has space")))
                .hasMessageContaining("label ovsnet.network=has space is not valid");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.ip", "10.1.0.256")))
                .isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("ovsnet.ip=10.1.0.256")
                .extracting(e -> ((InvalidLabelException) e).label()).isEqualTo("ovsnet.ip");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.ip", "example.com")))
                .hasMessageContaining("ovsnet.ip=example.com");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.ip", "10.1.0.5/24")))
                .hasMessageContaining("ovsnet.ip=10.1.0.5/24");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.iface", "eth0123456789abc")))
                .hasMessageContaining("ovsnet.iface=eth0123456789abc");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.iface", "a/b")))
                .hasMessageContaining("ovsnet.iface=a/b");
        assertThatThrownBy(() -> OvsnetLabels.parse(Map.of("ovsnet.network", "b", "ovsnet.iface", "..")))
                .hasMessageContaining("ovsnet.iface=..");
    }
}
