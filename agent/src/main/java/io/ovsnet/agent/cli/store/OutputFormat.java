package io.ovsnet.agent.cli.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.Network;
import io.ovsnet.ovsdb.notation.Uuid;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How store commands print networks and leases: aligned text columns, or JSON. */
enum OutputFormat {
    TEXT,
    JSON;

    static OutputFormat parse(String text) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + text + "': use --format text or --format json");
    }

    void networks(PrintWriter out, List<Network> networks) {
        if (this == JSON) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            networks.forEach(n -> array.add(json(n)));
            CliOutput.json(out, array);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "VNI", "SUBNETS", "GATEWAYS", "ENCAP", "MTU"));
        for (Network n : networks) {
            rows.add(List.of(n.name(), Long.toString(n.vni()), join(n.subnets()),
                    join(n.gateway4().stream().toList(), n.gateway6().stream().toList()),
                    n.encap().wireName(), n.mtu() == 0 ? "auto" : Long.toString(n.mtu())));
        }
        CliOutput.table(out, rows, "");
    }

    void network(PrintWriter out, Network n, long leases) {
        if (this == JSON) {
            CliOutput.json(out, json(n).put("leases", leases));
            return;
        }
        out.println("name:      " + n.name());
        out.println("uuid:      " + n.uuid().value());
        out.println("vni:       " + n.vni());
        out.println("subnets:   " + join(n.subnets()));
        out.println("gateways:  " + join(n.gateway4().stream().toList(), n.gateway6().stream().toList()));
        out.println("exclude:   " + n.exclude().stream().map(Object::toString).collect(Collectors.joining(",")));
        out.println("encap:     " + n.encap().wireName());
        out.println("mtu:       " + (n.mtu() == 0 ? "auto" : Long.toString(n.mtu())));
        out.println("options:   " + n.options().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        out.println("leases:    " + leases);
    }

    void leases(PrintWriter out, List<Lease> leases, Map<Uuid, String> networkNames) {
        if (this == JSON) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            leases.forEach(l -> array.add(json(l, networkNames.getOrDefault(l.network(), ""))));
            CliOutput.json(out, array);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NETWORK", "ADDRESS", "MAC", "KIND", "OWNER", "HOST"));
        for (Lease l : leases) {
            rows.add(List.of(networkNames.getOrDefault(l.network(), "?"), l.address().toString(), l.mac().toString(),
                    l.kind().wireName(), l.owner(), l.host().orElse("-")));
        }
        CliOutput.table(out, rows, "");
    }

    void lease(PrintWriter out, Lease l, String network) {
        if (this == JSON) {
            CliOutput.json(out, json(l, network));
        } else {
            out.println(l.address() + " " + l.mac() + " " + l.kind().wireName() + " " + l.owner() + " (network "
                    + network + ")");
        }
    }

    /** One free-form result: a line of text, or {"KEY": "VALUE"}. */
    void message(PrintWriter out, String key, String value) {
        if (this == JSON) {
            CliOutput.json(out, JsonNodeFactory.instance.objectNode().put(key, value));
        } else {
            out.println(value);
        }
    }

    private static ObjectNode json(Network n) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", n.name());
        o.put("uuid", n.uuid().value().toString());
        o.put("vni", n.vni());
        ArrayNode subnets = o.putArray("subnets");
        n.subnets().forEach(s -> subnets.add(s.toString()));
        ArrayNode gateways = o.putArray("gateways");
        n.gateway4().ifPresent(g -> gateways.add(g.toString()));
        n.gateway6().ifPresent(g -> gateways.add(g.toString()));
        ArrayNode exclude = o.putArray("exclude");
        n.exclude().forEach(r -> exclude.add(r.toString()));
        o.put("encap", n.encap().wireName());
        o.put("mtu", n.mtu());
        ObjectNode options = o.putObject("options");
        n.options().forEach(options::put);
        return o;
    }

    private static ObjectNode json(Lease l, String network) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("network", network);
        o.put("address", l.address().toString());
        o.put("mac", l.mac().toString());
        o.put("kind", l.kind().wireName());
        o.put("owner", l.owner());
        CliOutput.putOptional(o, "host", l.host());
        o.put("created", l.created().toString());
        return o;
    }

    private static String join(List<Cidr> subnets) {
        return subnets.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }

    private static String join(List<IpAddress> a, List<IpAddress> b) {
        List<IpAddress> all = new ArrayList<>(a);
        all.addAll(b);
        return all.isEmpty() ? "-" : all.stream().map(IpAddress::toString).collect(Collectors.joining(","));
    }
}
