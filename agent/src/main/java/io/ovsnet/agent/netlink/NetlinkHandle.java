package io.ovsnet.agent.netlink;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links, addresses and routes of one network namespace, changed over rtnetlink.
 *
 * <p>A netlink socket belongs to the namespace it was created in, and every request sent on it
 * (and the ethtool ioctl) acts there, whichever thread sends it. So when the namespace is not the
 * process's own, {@link #open} enters the namespace ({@code setns(CLONE_NEWNET)}) on the calling
 * thread, creates the socket there and returns the thread to its own namespace before anything
 * else runs on it (a virtual thread hands this to one dedicated thread instead; see
 * {@link NamespaceSwitch}). Afterwards every method may be called from any thread: calls run on
 * the caller's thread, one at a time per handle, with no hand-off.
 *
 * <p>Idempotence follows one rule. Creating (a veth) fails with {@link AlreadyExistsException}
 * if the name is taken. Setting a property (name, MAC, MTU, up/down, checksum offload) is
 * idempotent and fails with {@link LinkNotFoundException} when the link is missing. Adding an
 * address or a route replaces an equal one, so it is idempotent. Deleting something that is
 * already gone (a link, an address, a route, also on a missing link) is not an error: the method
 * returns {@code false}.
 *
 * <p>Errors are {@link NetlinkException}s named after the errno; see its subclasses.
 */
public final class NetlinkHandle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkHandle.class);
    private static final Libc.Calls LIBC = Libc.load();
    private static final int ETHTOOL_STXCSUM = 0x17;

    private final Namespace namespace;
    private final NetlinkSocket socket;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private NetlinkHandle(Namespace namespace, NetlinkSocket socket) {
        this.namespace = namespace;
        this.socket = socket;
    }

    /**
     * Opens a handle on {@code namespace}: for a namespace other than the process's own, the
     * namespace thread ({@link NamespaceSwitch}) enters it and opens the netlink socket inside
     * it; the calling thread never leaves its own namespace.
     *
     * @throws NamespaceNotFoundException the namespace file or process does not exist
     * @throws PermissionDeniedException the process may not enter the namespace (not root)
     */
    public static NetlinkHandle open(Namespace namespace) {
        NetlinkSocket socket = namespace.isCurrent()
                ? NetlinkSocket.open(LIBC) : NamespaceSwitch.openSocket(LIBC, namespace);
        LOG.debug("netlink handle opened namespace={}", namespace.path());
        return new NetlinkHandle(namespace, socket);
    }

    /** The namespace this handle works in. */
    public Namespace namespace() {
        return namespace;
    }

    /** Every link of the namespace, by a dump. */
    public List<Link> links() {
        return call("list links", () -> socket.execute(
                new NetlinkMessage(Rtnetlink.RTM_GETLINK, Rtnetlink.NLM_F_DUMP)
                        .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0), "list links")
                .stream().map(NetlinkHandle::parseLink).toList());
    }

    /** The link named {@code name}, or empty if there is none. */
    public Optional<Link> link(String name) {
        return call("get link " + name, () -> findLink(name));
    }

    /**
     * Creates a veth pair; the peer may be created directly in another namespace. Not
     * idempotent.
     *
     * @throws AlreadyExistsException either name is taken (in its namespace)
     * @throws NamespaceNotFoundException the peer namespace does not exist
     * @throws InvalidArgumentException a MAC address is not a valid unicast address, or the MTU
     *     is out of range
     */
    public void createVeth(Veth veth) {
        String operation = "create veth " + veth.name() + " with peer " + veth.peerName();
        change(operation, () -> withPeerNamespace(veth, operation, namespaceFd -> {
            macChange(operation, () -> socket.execute(vethRequest(veth, namespaceFd), operation));
            return null;
        }));
    }

    /**
     * Moves link {@code name} into namespace {@code target}, keeping its name. The link arrives
     * down and without addresses; its MTU, MAC and offload settings stay. Not idempotent: once
     * moved, the link is no longer here. Creating a veth's peer in place
     * ({@link Veth#withPeerIn}) is much faster than moving it.
     *
     * @throws LinkNotFoundException no such link here
     * @throws NamespaceNotFoundException the target namespace does not exist
     * @throws AlreadyExistsException the target namespace has a link of that name
     */
    public void moveLink(String name, Namespace target) {
        moveLink(name, target, name);
    }

    /**
     * Moves link {@code name} into namespace {@code target} and renames it {@code newName} there
     * in the same step (as Docker does with a container's {@code eth0}). Not idempotent.
     *
     * @throws LinkNotFoundException no such link here
     * @throws NamespaceNotFoundException the target namespace does not exist
     * @throws AlreadyExistsException the target namespace has a link named {@code newName}
     */
    public void moveLink(String name, Namespace target, String newName) {
        Link.checkName(newName);
        String operation = "move link " + name + " to " + target.path() + " as " + newName;
        change(operation, () -> {
            int index = requireIndex(name, operation);
            int namespaceFd = openNamespace(target, operation);
            try {
                socket.execute(linkRequest(index, 0, 0)
                        .attribute(Rtnetlink.IFLA_NET_NS_FD, namespaceFd)
                        .attribute(Rtnetlink.IFLA_IFNAME, newName), operation);
            } finally {
                closeFd(namespaceFd);
            }
        });
    }

    /**
     * Renames link {@code name} to {@code newName}. Not idempotent: afterwards no link is named
     * {@code name} (renaming to the current name succeeds).
     *
     * @throws LinkNotFoundException no link named {@code name}
     * @throws AlreadyExistsException another link is named {@code newName}
     * @throws DeviceBusyException the link is up and the kernel (before 6.2) or driver refuses
     *     to rename a running link
     */
    public void renameLink(String name, String newName) {
        Link.checkName(newName);
        String operation = "rename link " + name + " to " + newName;
        change(operation, () -> {
            int index = requireIndex(name, operation);
            socket.execute(linkRequest(index, 0, 0)
                    .attribute(Rtnetlink.IFLA_IFNAME, newName), operation);
        });
    }

    /**
     * Sets the MTU of link {@code name}. Idempotent.
     *
     * @throws LinkNotFoundException no such link
     * @throws InvalidArgumentException the MTU is outside the link's range
     */
    public void setMtu(String name, int mtu) {
        String operation = "set mtu " + mtu + " of link " + name;
        change(operation, () -> socket.execute(mtuRequest(name, mtu), operation));
    }

    /**
     * Sets the hardware address of link {@code name}. Idempotent.
     *
     * @throws LinkNotFoundException no such link
     * @throws InvalidArgumentException the address is not a valid unicast address
     */
    public void setMac(String name, MacAddress mac) {
        String operation = "set mac " + mac + " of link " + name;
        change(operation, () -> macChange(operation,
                () -> socket.execute(macRequest(name, mac), operation)));
    }

    /**
     * Brings link {@code name} up ({@code IFF_UP}). Idempotent.
     *
     * @throws LinkNotFoundException no such link
     */
    public void setUp(String name) {
        String operation = "set link " + name + " up";
        change(operation, () -> socket.execute(stateRequest(name, true), operation));
    }

    /**
     * Takes link {@code name} down. Idempotent.
     *
     * @throws LinkNotFoundException no such link
     */
    public void setDown(String name) {
        String operation = "set link " + name + " down";
        change(operation, () -> socket.execute(stateRequest(name, false), operation));
    }

    /**
     * Turns TX checksum offload off on link {@code name} (as {@code ethtool -K NAME tx off}),
     * through the {@code SIOCETHTOOL} ioctl with {@code ETHTOOL_STXCSUM}. Needed on veths that
     * enter OVS's userspace datapath, or TCP fails. Idempotent.
     *
     * @throws LinkNotFoundException no such link
     */
    public void disableTxChecksum(String name) {
        Link.checkName(name);
        String operation = "turn tx checksum offload off on link " + name;
        change(operation, () -> socket.ethtool(name, ETHTOOL_STXCSUM, 0, operation));
    }

    /**
     * Turns IPv6 on for link {@code name}: {@code net.ipv6.conf.NAME.disable_ipv6 = 0} in this
     * handle's namespace (Docker turns IPv6 off in containers that have no IPv6 network). There
     * is no netlink request for it, so the sysctl file is written, inside the namespace for a
     * foreign one. Idempotent.
     *
     * @throws LinkNotFoundException when the link does not exist
     */
    public void enableIpv6(String name) {
        Link.checkName(name);
        String operation = "turn IPv6 on for link " + name;
        Path sysctl = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
        Supplier<Object> write = () -> {
            try {
                Files.writeString(sysctl, "0");
                return null;
            } catch (NoSuchFileException e) {
                throw new LinkNotFoundException(operation, NetlinkException.ENODEV, "no such link");
            } catch (IOException e) {
                throw new NetlinkException(operation, NetlinkException.EIO, e.getMessage());
            }
        };
        if (namespace.isCurrent()) {
            write.get();
        } else {
            NamespaceThread.run(LIBC, namespace, write);
        }
    }

    /**
     * Deletes link {@code name} (for a veth, both ends). Deleting a missing link is not an
     * error.
     *
     * @return whether a link was deleted
     */
    public boolean deleteLink(String name) {
        String operation = "delete link " + name;
        return absentIsFalse(operation, () -> socket.execute(
                new NetlinkMessage(Rtnetlink.RTM_DELLINK, Rtnetlink.NLM_F_ACK)
                        .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0)
                        .attribute(Rtnetlink.IFLA_IFNAME, name), operation));
    }

    /**
     * The IPv4 and IPv6 addresses of link {@code name}, link-local ones included.
     *
     * @throws LinkNotFoundException no such link
     */
    public List<Address> addresses(String name) {
        String operation = "list addresses of link " + name;
        return call(operation, () -> {
            int index = requireIndex(name, operation);
            List<Address> addresses = new ArrayList<>();
            for (ByteBuffer body : socket.execute(
                    new NetlinkMessage(Rtnetlink.RTM_GETADDR, Rtnetlink.NLM_F_DUMP)
                            .ifaddrmsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, 0), operation)) {
                if (body.getInt(4) == index) {
                    Attributes attributes = Attributes.parse(body.position(Rtnetlink.IFADDRMSG_LENGTH));
                    Optional<InetAddress> ip = attributes.address(Rtnetlink.IFA_LOCAL)
                            .or(() -> attributes.address(Rtnetlink.IFA_ADDRESS));
                    ip.ifPresent(value -> addresses.add(
                            new Address(value, Byte.toUnsignedInt(body.get(1)))));
                }
            }
            return addresses;
        });
    }

    /**
     * Adds {@code address} to link {@code name}, replacing an equal one, so adding twice is not
     * an error. IPv6 addresses skip duplicate address detection and are usable at once.
     *
     * @throws LinkNotFoundException no such link
     */
    public void addAddress(String name, Address address) {
        String operation = "add address " + address + " to link " + name;
        change(operation, () -> socket.execute(
                newAddressRequest(requireIndex(name, operation), address), operation));
    }

    /**
     * Removes {@code address} from link {@code name}. Removing an address that is not there,
     * or from a link that does not exist, is not an error.
     *
     * @return whether an address was removed
     */
    public boolean deleteAddress(String name, Address address) {
        String operation = "delete address " + address + " from link " + name;
        return absentIsFalse(operation, () -> socket.execute(addressRequest(Rtnetlink.RTM_DELADDR,
                0, requireIndex(name, operation), address), operation));
    }

    /**
     * The unicast routes of the main table, IPv4 and IPv6, each with its gateway and device
     * (multipath routes, which have neither at the top level, are left out).
     */
    public List<Route> routes() {
        String operation = "list routes";
        return call(operation, () -> {
            Map<Integer, String> names = new HashMap<>();
            for (ByteBuffer body : socket.execute(
                    new NetlinkMessage(Rtnetlink.RTM_GETLINK, Rtnetlink.NLM_F_DUMP)
                            .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0), operation)) {
                Link link = parseLink(body);
                names.put(link.index(), link.name());
            }
            List<Route> routes = new ArrayList<>();
            for (ByteBuffer body : socket.execute(
                    new NetlinkMessage(Rtnetlink.RTM_GETROUTE, Rtnetlink.NLM_F_DUMP)
                            .rtmsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, 0, 0), operation)) {
                parseRoute(body, names).ifPresent(routes::add);
            }
            return routes;
        });
    }

    /**
     * Adds {@code route} to the main table, replacing a route to the same destination, so
     * adding twice is not an error (as {@code ip route replace}).
     *
     * @throws LinkNotFoundException the route's device does not exist
     * @throws NetlinkException the kernel refuses the route, such as {@code ENETUNREACH} when no
     *     link reaches the gateway
     */
    public void addRoute(Route route) {
        String operation = "add route " + route;
        change(operation, () -> socket.execute(routeRequest(Rtnetlink.RTM_NEWROUTE,
                Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_REPLACE, route, operation), operation));
    }

    /**
     * Deletes {@code route} from the main table. Deleting a route that does not exist, or whose
     * device does not exist, is not an error.
     *
     * @return whether a route was deleted
     */
    public boolean deleteRoute(Route route) {
        String operation = "delete route " + route;
        return absentIsFalse(operation, () -> socket.execute(
                routeRequest(Rtnetlink.RTM_DELROUTE, 0, route, operation), operation));
    }

    /**
     * Closes the socket. Closing twice is not an error; any call after close throws
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            socket.close();
        } finally {
            lock.unlock();
        }
        LOG.debug("netlink handle closed namespace={}", namespace.path());
    }

    @Override
    public String toString() {
        return "NetlinkHandle[" + namespace.path() + "]";
    }

    // ---- one call at a time ----

    /** Runs {@code task} on the caller's thread, holding the handle's lock. */
    private <T> T call(String operation, Supplier<T> task) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("netlink handle for " + namespace.path()
                        + " is closed; cannot " + operation);
            }
            return task.get();
        } finally {
            lock.unlock();
        }
    }

    /** A change, logged once done. */
    private void change(String operation, Runnable task) {
        call(operation, () -> {
            task.run();
            return null;
        });
        LOG.debug("netlink change done namespace={} operation=\"{}\"", namespace.path(), operation);
    }

    /**
     * Runs a change that sets a MAC address. The kernel refuses a multicast or zero address with
     * {@code EADDRNOTAVAIL}, which elsewhere means "no such address" ({@link NotFoundException});
     * here it is an invalid argument.
     */
    private static void macChange(String operation, Runnable task) {
        try {
            task.run();
        } catch (NotFoundException e) {
            if (e.errno() != NetlinkException.EADDRNOTAVAIL) {
                throw e;
            }
            throw new InvalidArgumentException(operation, e.errno(),
                    "not a valid unicast MAC address");
        }
    }

    /** A deletion: {@code false} if the kernel says the object (or its link) is not there. */
    private boolean absentIsFalse(String operation, Runnable task) {
        try {
            change(operation, task);
            return true;
        } catch (NotFoundException e) {
            LOG.debug("netlink delete found nothing namespace={} operation=\"{}\"",
                    namespace.path(), operation);
            return false;
        }
    }

    // ---- namespaces ----

    /** Opens a namespace file; the caller closes the descriptor. */
    static int openNamespace(Namespace target, String operation) {
        int fd = LIBC.open(target.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) {
            int errno = LIBC.errno();
            String detail = "network namespace " + target.path();
            if (errno == NetlinkException.ENOENT || errno == NetlinkException.ESRCH) {
                throw new NamespaceNotFoundException(operation, errno, detail + " does not exist");
            }
            throw NetlinkException.of(operation, errno, detail);
        }
        return fd;
    }

    private static void closeFd(int fd) {
        if (fd >= 0) {
            LIBC.close(fd);
        }
    }

    /**
     * Runs {@code task} with an open descriptor of the veth's peer namespace, or -1 when the
     * peer stays in this namespace.
     */
    private static <T> T withPeerNamespace(Veth veth, String operation, IntFunction<T> task) {
        int namespaceFd = veth.peerNamespace().map(ns -> openNamespace(ns, operation)).orElse(-1);
        try {
            return task.apply(namespaceFd);
        } finally {
            closeFd(namespaceFd);
        }
    }

    /**
     * The {@code RTM_NEWLINK} that creates {@code veth}: name, MTU, MAC and up state of the link
     * in the request itself, the peer's name, MTU and MAC inside {@code VETH_INFO_PEER}, with the
     * namespace it is born in. The peer cannot come up in the same request: the kernel
     * configures it before the pair is joined, and {@code veth_open} then fails with
     * {@code ENOTCONN}.
     */
    private static NetlinkMessage vethRequest(Veth veth, int namespaceFd) {
        NetlinkMessage request = new NetlinkMessage(Rtnetlink.RTM_NEWLINK,
                Rtnetlink.NLM_F_ACK | Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_EXCL)
                .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, veth.up() ? Link.IFF_UP : 0,
                        veth.up() ? Link.IFF_UP : 0);
        endAttributes(request, veth.name(), veth.mtu(), veth.mac());
        request.begin(Rtnetlink.IFLA_LINKINFO)
                .attribute(Rtnetlink.IFLA_INFO_KIND, "veth")
                .begin(Rtnetlink.IFLA_INFO_DATA)
                .begin(Rtnetlink.VETH_INFO_PEER)
                .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0);
        endAttributes(request, veth.peerName(), veth.mtu(), veth.peerMac());
        if (namespaceFd >= 0) {
            request.attribute(Rtnetlink.IFLA_NET_NS_FD, namespaceFd);
        }
        return request.end().end().end();
    }

    private static void endAttributes(NetlinkMessage request, String name, OptionalInt mtu,
            Optional<MacAddress> mac) {
        request.attribute(Rtnetlink.IFLA_IFNAME, name);
        mtu.ifPresent(value -> request.attribute(Rtnetlink.IFLA_MTU, value));
        mac.ifPresent(value -> request.attribute(Rtnetlink.IFLA_ADDRESS, value.bytes()));
    }

    private Optional<Link> findLink(String name) {
        try {
            return socket.execute(new NetlinkMessage(Rtnetlink.RTM_GETLINK, 0)
                            .ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0)
                            .attribute(Rtnetlink.IFLA_IFNAME, name), "get link " + name)
                    .stream().findFirst().map(NetlinkHandle::parseLink);
        } catch (LinkNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The interface index of link {@code name}, by the {@code SIOCGIFINDEX} ioctl: a name lookup
     * under RCU that builds no netlink message, several times cheaper than a get.
     */
    private int requireIndex(String name, String operation) {
        return socket.index(name, operation).orElseThrow(() -> new LinkNotFoundException(
                operation, NetlinkException.ENODEV, "no link named " + name));
    }

    private NetlinkMessage routeRequest(int type, int flags, Route route, String operation) {
        Address destination = route.destination();
        boolean delete = type == Rtnetlink.RTM_DELROUTE;
        int scope = delete ? Rtnetlink.RT_SCOPE_NOWHERE
                : route.gateway().isPresent() ? Rtnetlink.RT_SCOPE_UNIVERSE : Rtnetlink.RT_SCOPE_LINK;
        NetlinkMessage request = new NetlinkMessage(type, Rtnetlink.NLM_F_ACK | flags)
                .rtmsg(destination.family(), destination.prefixLength(), Rtnetlink.RT_TABLE_MAIN,
                        delete ? 0 : Rtnetlink.RTPROT_BOOT, scope, delete ? 0 : Rtnetlink.RTN_UNICAST);
        if (destination.prefixLength() > 0) {
            request.attribute(Rtnetlink.RTA_DST, destination.ip());
        }
        route.gateway().ifPresent(gateway -> request.attribute(Rtnetlink.RTA_GATEWAY, gateway));
        route.device().ifPresent(device ->
                request.attribute(Rtnetlink.RTA_OIF, requireIndex(device, operation)));
        return request;
    }

    // ---- shared helpers ----

    /** An {@code RTM_NEWLINK} that sets the MTU of link {@code name} (by name). */
    private static NetlinkMessage mtuRequest(String name, int mtu) {
        return linkRequest(0, 0, 0).attribute(Rtnetlink.IFLA_IFNAME, name)
                .attribute(Rtnetlink.IFLA_MTU, mtu);
    }

    /** An {@code RTM_NEWLINK} that sets the hardware address of link {@code name}. */
    private static NetlinkMessage macRequest(String name, MacAddress mac) {
        return linkRequest(0, 0, 0).attribute(Rtnetlink.IFLA_IFNAME, name)
                .attribute(Rtnetlink.IFLA_ADDRESS, mac.bytes());
    }

    /** An {@code RTM_NEWLINK} that brings link {@code name} up or takes it down. */
    private static NetlinkMessage stateRequest(String name, boolean up) {
        return linkRequest(0, up ? Link.IFF_UP : 0, Link.IFF_UP)
                .attribute(Rtnetlink.IFLA_IFNAME, name);
    }

    /** An {@code RTM_NEWADDR} that adds or replaces {@code address} on link {@code index}. */
    private static NetlinkMessage newAddressRequest(int index, Address address) {
        return addressRequest(Rtnetlink.RTM_NEWADDR,
                Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_REPLACE, index, address);
    }

    private static NetlinkMessage linkRequest(int index, int flags, int change) {
        return new NetlinkMessage(Rtnetlink.RTM_NEWLINK, Rtnetlink.NLM_F_ACK)
                .ifinfomsg(Rtnetlink.AF_UNSPEC, index, flags, change);
    }

    private static NetlinkMessage addressRequest(int type, int flags, int index, Address address) {
        int addressFlags = address.ip() instanceof Inet6Address ? Rtnetlink.IFA_F_NODAD : 0;
        return new NetlinkMessage(type, Rtnetlink.NLM_F_ACK | flags)
                .ifaddrmsg(address.family(), address.prefixLength(), addressFlags, 0, index)
                .attribute(Rtnetlink.IFA_LOCAL, address.ip())
                .attribute(Rtnetlink.IFA_ADDRESS, address.ip());
    }

    static Link parseLink(ByteBuffer body) {
        int index = body.getInt(4);
        int flags = body.getInt(8);
        Attributes attributes = Attributes.parse(body.duplicate().position(Rtnetlink.IFINFOMSG_LENGTH));
        Optional<String> kind = attributes.nested(Rtnetlink.IFLA_LINKINFO)
                .string(Rtnetlink.IFLA_INFO_KIND);
        Optional<MacAddress> mac = attributes.bytes(Rtnetlink.IFLA_ADDRESS)
                .filter(bytes -> bytes.length == 6).map(MacAddress::of);
        OptionalInt peer = kind.filter("veth"::equals).isPresent()
                ? attributes.integer(Rtnetlink.IFLA_LINK) : OptionalInt.empty();
        return new Link(index, attributes.string(Rtnetlink.IFLA_IFNAME).orElse(""), kind, mac,
                attributes.integer(Rtnetlink.IFLA_MTU).orElse(0), flags, peer);
    }

    static Optional<Route> parseRoute(ByteBuffer body, Map<Integer, String> linkNames) {
        int family = Byte.toUnsignedInt(body.get(0));
        int destinationLength = Byte.toUnsignedInt(body.get(1));
        int routeType = Byte.toUnsignedInt(body.get(7));
        Attributes attributes = Attributes.parse(body.duplicate().position(Rtnetlink.RTMSG_LENGTH));
        int table = attributes.integer(Rtnetlink.RTA_TABLE).orElse(Byte.toUnsignedInt(body.get(4)));
        if (table != Rtnetlink.RT_TABLE_MAIN || routeType != Rtnetlink.RTN_UNICAST) {
            return Optional.empty();
        }
        InetAddress destination = attributes.address(Rtnetlink.RTA_DST)
                .orElseGet(() -> Address.anyOf(family).ip());
        Optional<InetAddress> gateway = attributes.address(Rtnetlink.RTA_GATEWAY);
        Optional<String> device = attributes.integer(Rtnetlink.RTA_OIF).stream()
                .mapToObj(linkNames::get).filter(name -> name != null).findFirst();
        if (gateway.isEmpty() && device.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Route(new Address(destination, destinationLength), gateway, device));
    }
}
