package io.ovsnet.agent.netlink;

/**
 * Numbers of the rtnetlink protocol used here, named as in {@code <linux/netlink.h>},
 * {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>}, {@code <linux/if_addr.h>} and
 * {@code <linux/veth.h>}.
 */
final class Rtnetlink {
    private Rtnetlink() {
    }

    static final int NETLINK_ROUTE = 0;

    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_ROOT = 0x100;
    static final int NLM_F_MATCH = 0x200;
    static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the request was not echoed back. */
    static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ack attributes follow. */
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    static final int AF_UNSPEC = 0;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_F_NODAD = 0x02;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_TABLE = 15;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_NOWHERE = 255;
    static final int RTN_UNICAST = 1;

    /** Length of {@code struct ifinfomsg}. */
    static final int IFINFOMSG_LENGTH = 16;
    /** Length of {@code struct ifaddrmsg}. */
    static final int IFADDRMSG_LENGTH = 8;
    /** Length of {@code struct rtmsg}. */
    static final int RTMSG_LENGTH = 12;
}
