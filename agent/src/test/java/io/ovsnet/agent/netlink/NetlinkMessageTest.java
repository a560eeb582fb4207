package io.ovsnet.agent.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetlinkMessageTest {

    @Test
    void buildsAVethRequestWithNestedPeerAndPadding() {
        ByteBuffer message = new NetlinkMessage(Rtnetlink.RTM_NEWLINK,
                Rtnetlink.NLM_F_ACK | Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_EXCL)
                .ifinfomsg(0, 0, 0, 0)
                .attribute(Rtnetlink.IFLA_IFNAME, "h0")
                .begin(Rtnetlink.IFLA_LINKINFO)
                .attribute(Rtnetlink.IFLA_INFO_KIND, "veth")
                .begin(Rtnetlink.IFLA_INFO_DATA)
                .begin(Rtnetlink.VETH_INFO_PEER)
                .ifinfomsg(0, 0, 0, 0)
                .attribute(Rtnetlink.IFLA_IFNAME, "c0")
                .end().end().end()
                .finish(7);

        ByteBuffer expected = ByteBuffer.allocate(88).order(ByteOrder.nativeOrder());
        expected.putInt(88).putShort((short) 16).putShort((short) 0x605).putInt(7).putInt(0);
        expected.put(new byte[16]);
        expected.putShort((short) 7).putShort((short) 3).put(new byte[] {'h', '0', 0, 0});
        expected.putShort((short) 48).putShort((short) 0x8012);
        expected.putShort((short) 9).putShort((short) 1).put(new byte[] {'v', 'e', 't', 'h', 0, 0, 0, 0});
        expected.putShort((short) 32).putShort((short) 0x8002);
        expected.putShort((short) 28).putShort((short) 0x8001);
        expected.put(new byte[16]);
        expected.putShort((short) 7).putShort((short) 3).put(new byte[] {'c', '0', 0, 0});
        assertThat(bytes(message)).isEqualTo(expected.array());
    }

    @Test
    void buildsAnAddressRequest() throws Exception {
        ByteBuffer message = new NetlinkMessage(Rtnetlink.RTM_NEWADDR, Rtnetlink.NLM_F_ACK)
                .ifaddrmsg(Libc.AF_INET, 24, 0, 0, 5)
                .attribute(Rtnetlink.IFA_LOCAL, InetAddress.getByName("198.51.100.7"))
                .finish(1);

        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        expected.putInt(32).putShort((short) 20).putShort((short) 0x5).putInt(1).putInt(0);
        expected.put((byte) 2).put((byte) 24).put((byte) 0).put((byte) 0).putInt(5);
        expected.putShort((short) 8).putShort((short) 2).put(new byte[] {(byte) 198, 51, 100, 7});
        assertThat(bytes(message)).isEqualTo(expected.array());
    }

    @Test
    void refusesToFinishWithAnOpenNest() {
        NetlinkMessage message = new NetlinkMessage(Rtnetlink.RTM_NEWLINK, 0)
                .begin(Rtnetlink.IFLA_LINKINFO);

        assertThatThrownBy(() -> message.finish(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsesWhatItBuilds() {
        ByteBuffer message = new NetlinkMessage(Rtnetlink.RTM_NEWLINK, 0)
                .attribute(Rtnetlink.IFLA_IFNAME, "eth0")
                .attribute(Rtnetlink.IFLA_MTU, 1450)
                .attribute(Rtnetlink.IFLA_ADDRESS, new byte[] {2, 0, 0, 0, 0, 1})
                .begin(Rtnetlink.IFLA_LINKINFO)
                .attribute(Rtnetlink.IFLA_INFO_KIND, "veth")
                .end()
                .finish(1);

        Attributes attributes = Attributes.parse(message.position(NetlinkMessage.HEADER_LENGTH));

        assertThat(attributes.string(Rtnetlink.IFLA_IFNAME)).contains("eth0");
        assertThat(attributes.integer(Rtnetlink.IFLA_MTU)).hasValue(1450);
        assertThat(attributes.bytes(Rtnetlink.IFLA_ADDRESS)).hasValueSatisfying(
                mac -> assertThat(MacAddress.of(mac)).hasToString("02:00:00:00:00:01"));
        assertThat(attributes.nested(Rtnetlink.IFLA_LINKINFO).string(Rtnetlink.IFLA_INFO_KIND))
                .contains("veth");
        assertThat(attributes.has(Rtnetlink.IFLA_LINK)).isFalse();
        assertThat(attributes.nested(Rtnetlink.IFLA_LINK).string(Rtnetlink.IFLA_INFO_KIND)).isEmpty();
    }

    @Test
    void refusesATruncatedAttribute() {
        ByteBuffer broken = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        broken.putShort((short) 12).putShort((short) 3).putInt(0).flip();

        assertThatThrownBy(() -> Attributes.parse(broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 12");
    }

    @Test
    void readsTheKernelsExtendedAckText() {
        ByteBuffer error = ByteBuffer.allocate(4 + 16 + 4 + 32).order(ByteOrder.nativeOrder());
        error.putInt(-22);
        error.putInt(40).putShort((short) 16).putShort((short) 5).putInt(3).putInt(0);
        byte[] text = "mtu greater than device maximum\0".getBytes(StandardCharsets.US_ASCII);
        error.putShort((short) (4 + text.length)).putShort((short) Rtnetlink.NLMSGERR_ATTR_MSG)
                .put(text).flip();

        assertThat(NetlinkSocket.extendedAck(error,
                Rtnetlink.NLM_F_CAPPED | Rtnetlink.NLM_F_ACK_TLVS))
                .isEqualTo("mtu greater than device maximum");
        assertThat(NetlinkSocket.extendedAck(error, Rtnetlink.NLM_F_CAPPED)).as("no TLV flag")
                .isNull();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
