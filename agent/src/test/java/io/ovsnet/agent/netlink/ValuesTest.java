package io.ovsnet.agent.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The value types and the errno mapping: pure logic, no kernel. */
class ValuesTest {

    @Test
    void macAddressRoundTrips() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");

        assertThat(mac).hasToString("02:42:ac:11:00:02");
        assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
        assertThat(mac.value()).isEqualTo(0x0242ac110002L);
        assertThatThrownBy(() -> MacAddress.parse("02:42:ac:11:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddress.parse("02-42-ac-11-00-02")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressParsesBothFamiliesAndChecksThePrefix() throws Exception {
        assertThat(Address.parse("198.51.100.7/24"))
                .isEqualTo(new Address(InetAddress.getByName("198.51.100.7"), 24));
        assertThat(Address.parse("2001:db8::7/64").family()).isEqualTo(Libc.AF_INET6);
        assertThatThrownBy(() -> Address.parse("198.51.100.7/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("198.51.100.7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("example.com/24")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesReadLikeIpRoute() throws Exception {
        Route byGateway = Route.defaultVia(InetAddress.getByName("198.51.100.1"), "eth0");
        Route connected = Route.connected(Address.parse("192.0.2.0/24"), "eth0");

        assertThat(byGateway).hasToString("default via 198.51.100.1 dev eth0");
        assertThat(byGateway.isDefault()).isTrue();
        assertThat(Route.defaultVia(InetAddress.getByName("2001:db8::1")).destination())
                .isEqualTo(Address.parse("::/0"));
        assertThat(connected).hasToString("192.0.2.0/24 dev eth0");
        assertThatThrownBy(() -> new Route(Address.parse("192.0.2.0/24"), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Route.via(Address.parse("192.0.2.0/24"), InetAddress.getByName("2001:db8::1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkNamesAreCheckedBeforeTheKernelSeesThem() {
        assertThat(Veth.of("ovs0123456789a", "eth0").withMtu(1450).mtu()).hasValue(1450);
        assertThatThrownBy(() -> Veth.of("ovs0123456789abc", "eth0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 bytes");
        assertThatThrownBy(() -> Veth.of("a/b", "eth0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Veth.of("a", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vethSettingsKeepEachOtherWhateverTheOrder() {
        MacAddress mac = MacAddress.parse("02:00:5e:10:00:01");
        MacAddress peerMac = MacAddress.parse("02:00:5e:10:00:02");
        Namespace blue = Namespace.named("blue");
        Veth all = Veth.of("h0", "c0").withUp().withPeerMac(peerMac).withMtu(1450).withMac(mac)
                .withPeerIn(blue);
        assertThat(all).isEqualTo(new Veth("h0", "c0", Optional.of(blue), OptionalInt.of(1450),
                Optional.of(mac), Optional.of(peerMac), true));
        assertThat(Veth.of("h0", "c0").withPeerIn(blue).withMac(mac).withMtu(1450)
                .withPeerMac(peerMac).withUp()).isEqualTo(all);
        Veth plain = new Veth("h0", "c0", Optional.empty(), OptionalInt.empty());
        assertThat(plain).isEqualTo(Veth.of("h0", "c0"));
        assertThat(List.of(plain.mac(), plain.peerMac())).containsOnly(Optional.empty());
        assertThat(plain.up()).isFalse();
    }

    @Test
    void namespacesNameTheirFile() {
        assertThat(Namespace.named("blue").path()).hasToString("/run/netns/blue");
        assertThat(Namespace.ofPid(42).path()).hasToString("/proc/42/ns/net");
        assertThat(Namespace.current().isCurrent()).isTrue();
        assertThat(Namespace.named("blue").isCurrent()).isFalse();
        assertThatThrownBy(() -> Namespace.named("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errnosBecomeNamedExceptions() {
        Map<Integer, Class<? extends NetlinkException>> expected = Map.of(
                17, AlreadyExistsException.class,
                19, LinkNotFoundException.class,
                2, NotFoundException.class,
                1, PermissionDeniedException.class,
                16, DeviceBusyException.class,
                22, InvalidArgumentException.class,
                95, NetlinkException.class);
        expected.forEach((errno, type) ->
                assertThat(NetlinkException.of("op", errno, null)).isExactlyInstanceOf(type));

        NetlinkException busy = NetlinkException.of("rename link a to b", 16, "device busy");
        assertThat(busy).hasMessage("rename link a to b failed: EBUSY (device busy)");
        assertThat(busy.isRetryable()).isTrue();
        assertThat(NetlinkException.of("op", 95, null)).hasMessage("op failed: EOPNOTSUPP");
        assertThat(NetlinkException.of("op", 200, null).errnoName()).isEqualTo("errno 200");
        assertThat(NetlinkException.of("op", 17, null).isRetryable()).isFalse();
    }

    @Test
    void parsesALinkAndARouteFromKernelLayout() throws Exception {
        ByteBuffer link = body(new NetlinkMessage(Rtnetlink.RTM_NEWLINK, 0)
                .ifinfomsg(0, 7, Link.IFF_UP | Link.IFF_LOWER_UP, 0)
                .attribute(Rtnetlink.IFLA_IFNAME, "h0")
                .attribute(Rtnetlink.IFLA_MTU, 1450)
                .attribute(Rtnetlink.IFLA_LINK, 6)
                .attribute(Rtnetlink.IFLA_ADDRESS, MacAddress.parse("02:00:00:00:00:07").bytes())
                .begin(Rtnetlink.IFLA_LINKINFO).attribute(Rtnetlink.IFLA_INFO_KIND, "veth").end());

        Link parsed = NetlinkHandle.parseLink(link);

        assertThat(parsed.index()).isEqualTo(7);
        assertThat(parsed.name()).isEqualTo("h0");
        assertThat(parsed.kind()).contains("veth");
        assertThat(parsed.mtu()).isEqualTo(1450);
        assertThat(parsed.peerIndex()).hasValue(6);
        assertThat(parsed.isUp()).isTrue();
        assertThat(parsed.hasCarrier()).isTrue();
        assertThat(parsed.mac()).contains(MacAddress.parse("02:00:00:00:00:07"));

        ByteBuffer route = body(new NetlinkMessage(Rtnetlink.RTM_NEWROUTE, 0)
                .rtmsg(Libc.AF_INET, 0, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_BOOT,
                        Rtnetlink.RT_SCOPE_UNIVERSE, Rtnetlink.RTN_UNICAST)
                .attribute(Rtnetlink.RTA_GATEWAY, InetAddress.getByName("198.51.100.1"))
                .attribute(Rtnetlink.RTA_OIF, 7));
        assertThat(NetlinkHandle.parseRoute(route, Map.of(7, "h0")))
                .contains(Route.defaultVia(InetAddress.getByName("198.51.100.1"), "h0"));

        ByteBuffer local = body(new NetlinkMessage(Rtnetlink.RTM_NEWROUTE, 0)
                .rtmsg(Libc.AF_INET, 32, 255, 2, 254, 2)
                .attribute(Rtnetlink.RTA_DST, InetAddress.getByName("198.51.100.7"))
                .attribute(Rtnetlink.RTA_OIF, 7));
        assertThat(NetlinkHandle.parseRoute(local, Map.of(7, "h0"))).as("local table").isEmpty();
    }

    private static ByteBuffer body(NetlinkMessage message) {
        ByteBuffer whole = message.finish(1);
        return whole.slice(NetlinkMessage.HEADER_LENGTH, whole.remaining() - NetlinkMessage.HEADER_LENGTH)
                .order(ByteOrder.nativeOrder());
    }
}
