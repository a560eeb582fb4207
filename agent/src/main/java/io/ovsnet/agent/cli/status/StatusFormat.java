package io.ovsnet.agent.cli.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.agent.cli.store.CliOutput;
import io.ovsnet.ipam.model.Host;
import io.ovsnet.ovsdb.notation.Uuid;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code ovsnet status} and {@code ovsnet host ls} print: aligned text columns for people, or
 * JSON with a fixed set of keys (absent values as {@code null}) for programs.
 */
public enum StatusFormat {
    TEXT,
    JSON;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The format named {@code text} or {@code json}, in any case. */
    public static StatusFormat parse(String text) {
        for (StatusFormat f : values()) {
            if (f.name().equalsIgnoreCase(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--format " + text + " is not valid: use --format text or --format json");
    }

    /** Prints one host's status. */
    public void status(PrintWriter out, HostStatus s) {
        if (this == JSON) {
            CliOutput.json(out, json(s));
            return;
        }
        out.println("host:     " + s.host());
        out.println("bridge:   " + s.bridge() + " (datapath " + (s.datapathType().isEmpty() ? "system" : s.datapathType())
                + ")");
        s.warnings().forEach(w -> out.println("warning:  " + w));

        out.println();
        out.println("Tunnels:");
        List<List<String>> rows = rows("PORT", "NETWORK", "PEER", "REMOTE IP", "VNI", "TYPE", "VLAN", "STATE", "OFPORT",
                "ERROR");
        s.tunnels().forEach(t -> rows.add(List.of(t.port(), t.network(), t.peer(), t.remoteIp(), Long.toString(t.vni()),
                t.type(), Integer.toString(t.vlan()), t.state(), t.ofport().map(String::valueOf).orElse("-"),
                t.error().orElse("-"))));
        table(out, rows);

        out.println();
        out.println("Networks:");
        List<List<String>> networks = rows("NAME", "VLAN", "VNI", "ENCAP", "MTU");
        s.networks().forEach(n -> networks.add(List.of(n.name(), n.vlan().map(String::valueOf).orElse("-"),
                n.vni().map(String::valueOf).orElse("-"), n.encap().orElse("-"), mtu(n))));
        table(out, networks);

        out.println();
        out.println("Endpoints:");
        // The IPv6 column only when an endpoint has an IPv6 address: IPv4-only hosts print as they always did.
        boolean ipv6 = s.endpoints().stream().anyMatch(e -> e.address6().isPresent());
        List<List<String>> endpoints = ipv6
                ? rows("CONTAINER", "NAME", "NETWORK", "INTERFACE", "ADDRESS", "IPV6 ADDRESS", "MAC", "PORT", "VLAN")
                : rows("CONTAINER", "NAME", "NETWORK", "INTERFACE", "ADDRESS", "MAC", "PORT", "VLAN");
        for (EndpointStatus e : s.endpoints()) {
            List<String> row = new ArrayList<>(List.of(shortId(e.containerId()), e.containerName().orElse("-"),
                    e.network(), e.iface(), e.address()));
            if (ipv6) {
                row.add(e.address6().orElse("-"));
            }
            row.addAll(List.of(e.mac(), e.port(), Integer.toString(e.vlan())));
            endpoints.add(row);
        }
        table(out, endpoints);

        out.println();
        if (s.problems().isEmpty()) {
            out.println("Problems: none");
            return;
        }
        out.println("Problems:");
        List<List<String>> problems = rows("KIND", "SUBJECT", "DETAIL");
        s.problems().forEach(p -> problems.add(List.of(p.kind().wireName(), p.subject(), p.detail())));
        table(out, problems);
    }

    /**
     * Prints the hosts of the store.
     *
     * @param networkNames network names by UUID, for the hosts' network sets
     * @param now the time the liveness is judged at
     * @param aliveWithin a host last seen longer ago than this is shown as not alive
     */
    public void hosts(PrintWriter out, List<Host> hosts, Map<Uuid, String> networkNames, Instant now,
            Duration aliveWithin) {
        if (this == JSON) {
            ArrayNode array = NODES.arrayNode();
            for (Host h : hosts) {
                ObjectNode o = array.addObject();
                o.put("name", h.name());
                CliOutput.putOptional(o, "tunnel_ip", h.tunnelIp());
                o.put("last_seen", h.lastSeen().toString());
                o.put("alive", alive(h, now, aliveWithin));
                ArrayNode names = o.putArray("networks");
                networks(h, networkNames).forEach(names::add);
                CliOutput.putOptional(o, "version", h.version());
            }
            CliOutput.json(out, array);
            return;
        }
        List<List<String>> rows = rows("NAME", "TUNNEL IP", "ALIVE", "LAST SEEN", "NETWORKS");
        for (Host h : hosts) {
            List<String> names = networks(h, networkNames);
            rows.add(List.of(h.name(), h.tunnelIp().orElse("-"), alive(h, now, aliveWithin) ? "yes" : "no",
                    age(Duration.between(h.lastSeen(), now)), names.isEmpty() ? "-" : String.join(",", names)));
        }
        CliOutput.table(out, rows, "");
    }

    /** Prints the result of {@code host rm}. */
    public void removed(PrintWriter out, String host, int leasesReleased) {
        if (this == JSON) {
            CliOutput.json(out, NODES.objectNode().put("removed", host).put("leases_released", leasesReleased));
        } else {
            out.println("removed host " + host + ", released " + leasesReleased + " lease"
                    + (leasesReleased == 1 ? "" : "s"));
        }
    }

    private static boolean alive(Host h, Instant now, Duration within) {
        return !h.lastSeen().isBefore(now.minus(within));
    }

    private static List<String> networks(Host h, Map<Uuid, String> names) {
        return h.networks().stream().map(u -> names.getOrDefault(u, u.value().toString())).sorted().toList();
    }

    /** How long ago, in the largest whole unit: {@code 42s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86400) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }

    /** The effective MTU, marked "(auto)" when computed from the underlays; the store's value when not known. */
    private static String mtu(NetworkStatus n) {
        if (n.effectiveMtu().isPresent()) {
            return n.effectiveMtu().get() + (n.mtu().filter(m -> m == 0).isPresent() ? " (auto)" : "");
        }
        return n.mtu().map(StatusFormat::mtu).orElse("-");
    }

    private static String mtu(long mtu) {
        return mtu == 0 ? "auto" : Long.toString(mtu);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static ObjectNode json(HostStatus s) {
        ObjectNode o = NODES.objectNode();
        o.put("host", s.host());
        ObjectNode bridge = o.putObject("bridge");
        bridge.put("name", s.bridge());
        bridge.put("datapath_type", s.datapathType());
        ArrayNode tunnels = o.putArray("tunnels");
        for (TunnelStatus t : s.tunnels()) {
            ObjectNode n = tunnels.addObject();
            n.put("port", t.port());
            n.put("network", t.network());
            n.put("peer", t.peer());
            n.put("remote_ip", t.remoteIp());
            n.put("vni", t.vni());
            n.put("type", t.type());
            n.put("vlan", t.vlan());
            n.put("state", t.state());
            CliOutput.putOptional(n, "link_state", t.linkState());
            number(n, "ofport", t.ofport());
            CliOutput.putOptional(n, "error", t.error());
        }
        ArrayNode networks = o.putArray("networks");
        for (NetworkStatus ns : s.networks()) {
            ObjectNode n = networks.addObject();
            n.put("name", ns.name());
            number(n, "vlan", ns.vlan());
            number(n, "vni", ns.vni());
            number(n, "mtu", ns.mtu());
            number(n, "effective_mtu", ns.effectiveMtu());
            CliOutput.putOptional(n, "encap", ns.encap());
        }
        ArrayNode endpoints = o.putArray("endpoints");
        for (EndpointStatus e : s.endpoints()) {
            ObjectNode n = endpoints.addObject();
            n.put("container_id", e.containerId());
            CliOutput.putOptional(n, "container_name", e.containerName());
            n.put("network", e.network());
            n.put("interface", e.iface());
            n.put("address", e.address());
            CliOutput.putOptional(n, "address6", e.address6());
            n.put("mac", e.mac());
            n.put("port", e.port());
            n.put("vlan", e.vlan());
        }
        ArrayNode problems = o.putArray("problems");
        for (Problem p : s.problems()) {
            ObjectNode n = problems.addObject();
            n.put("kind", p.kind().wireName());
            n.put("subject", p.subject());
            n.put("detail", p.detail());
        }
        ArrayNode warnings = o.putArray("warnings");
        s.warnings().forEach(warnings::add);
        return o;
    }

    private static void number(ObjectNode o, String key, Optional<? extends Number> value) {
        value.ifPresentOrElse(v -> o.put(key, v.longValue()), () -> o.putNull(key));
    }

    private static List<List<String>> rows(String... headings) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(headings));
        return rows;
    }

    /** A section of the status: indented two spaces; "(none)" when it has no rows. */
    private static void table(PrintWriter out, List<List<String>> rows) {
        if (rows.size() == 1) {
            out.println("  (none)");
            return;
        }
        CliOutput.table(out, rows, "  ");
    }
}
