package io.ovsnet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnderlayTest {
    private static final String HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

    @Test
    void findsTheInterfaceOfTheDefaultRoute() {
        List<String> table = List.of(HEADER,
                "eth1\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
                "eth0\t00000000\t0102000A\t0003\t0\t0\t0\t00000000\t0\t0\t0");
        assertThat(Underlay.defaultRouteInterface(table)).contains("eth0");
        assertThat(Underlay.defaultRouteInterface(List.of(HEADER, table.get(1)))).isEmpty();
    }

    @Test
    void loopbackIsAnUnderlayWithItsMtu() throws Exception {
        Underlay lo = Underlay.of(InetAddress.getByName("127.0.0.1"));
        assertThat(lo.interfaceName()).isEqualTo("lo");
        assertThat(lo.mtu()).isPositive();
    }

    @Test
    void anAddressNotOnThisHostIsRefusedClearly() throws Exception {
        assertThatThrownBy(() -> Underlay.of(InetAddress.getByName("198.51.100.254")))
                .hasMessageContaining("no interface holds 198.51.100.254");
    }
}
