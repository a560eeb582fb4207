package io.ovsnet.agent.cli.vsctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-only commands: what each needs from the database (checked before anything is read,
 * with ovs-vsctl's errors for unknown tables and columns) and what each prints.
 */
final class Commands {
    private static final Set<String> SUPPORTED = Set.of("show", "list-br", "br-exists", "br-to-vlan",
            "br-to-parent", "list-ports", "list-ifaces", "port-to-br", "iface-to-br", "list", "find", "get",
            "comment", "get-controller", "get-fail-mode", "get-manager", "get-ssl", "br-get-external-id");

    private final Snapshot db;
    private final Set<String> ids = new HashSet<>();
    private BridgeCache cache;

    Commands(Snapshot db) {
        this.db = db;
    }

    static boolean supports(String command) {
        return SUPPORTED.contains(command);
    }

    /** Whether {@link #prerequisites} needs the schema for this command (it names a table). */
    static boolean readsNeedSchema(ParsedCommand c) {
        String name = c.spec().name();
        return name.equals("list") || name.equals("find") || name.equals("get");
    }

    /**
     * Checks a command against the schema and records the columns it reads: the same columns
     * ovs-vsctl's prerequisites add to its IDL (which also decides the order of listed rows, see
     * {@link IdlOrder}).
     */
    static void prerequisites(ParsedCommand c, VsctlSchema schema, ReadSet reads) {
        switch (c.spec().name()) {
            case "show":
                Show.require(reads);
                break;
            case "list":
            case "find": {
                VsctlSchema.Table table = prepareTable(c.arg(0), schema, reads);
                for (VsctlSchema.Column column : columns(c.value("--columns"), table)) {
                    if (column != null) {
                        reads.column(table.name(), column.name());
                    }
                }
                if (c.spec().name().equals("find")) {
                    for (String arg : c.args().subList(1, c.args().size())) {
                        reads.column(table.name(), ColumnArgument.columnOf(arg, table).name());
                    }
                }
                break;
            }
            case "get": {
                VsctlSchema.Table table = prepareTable(c.arg(0), schema, reads);
                for (String arg : c.args().subList(2, c.args().size())) {
                    if (!isUuidColumn(arg)) {
                        reads.column(table.name(), ColumnArgument.columnOf(arg, table).name());
                    }
                }
                break;
            }
            case "comment":
                break;
            case "get-manager":
                reads.column("Open_vSwitch", "manager_options");
                reads.columns("Manager", List.of("target", "inactivity_probe"));
                break;
            case "get-ssl":
                reads.column("Open_vSwitch", "ssl");
                reads.columns("SSL", List.of("private_key", "certificate", "ca_cert", "bootstrap_ca_cert"));
                break;
            case "get-controller":
                BridgeCache.require(reads);
                reads.columns("Controller", List.of("target", "inactivity_probe"));
                break;
            case "br-get-external-id":
                BridgeCache.require(reads);
                reads.column("Bridge", "external_ids");
                reads.column("Port", "external_ids");
                break;
            default:
                BridgeCache.require(reads);
        }
    }

    /** pre_get_table(): the table, plus the columns that name its rows. */
    private static VsctlSchema.Table prepareTable(String name, VsctlSchema schema, ReadSet reads) {
        VsctlSchema.Table table = schema.findTable(name);
        reads.table(table.name());
        RecordIds.RowId id = RecordIds.rowId(table.name());
        if (id != null && schema.tables().containsKey(id.nameTable())) {
            reads.column(id.nameTable(), id.nameColumn());
            if (id.uuidColumn() != null) {
                reads.column(id.nameTable(), id.uuidColumn());
            }
        }
        return table;
    }

    private static boolean isUuidColumn(String arg) {
        return arg.equalsIgnoreCase("_uuid") || arg.equalsIgnoreCase("-uuid");
    }

    /** parse_column_names(): null stands for {@code _uuid}. */
    private static List<VsctlSchema.Column> columns(String spec, VsctlSchema.Table table) {
        List<VsctlSchema.Column> columns = new ArrayList<>();
        if (spec == null) {
            columns.add(null);
            columns.addAll(table.columns());
            return columns;
        }
        for (String name : spec.split("[, ]")) {
            if (name.isEmpty()) {
                continue;
            }
            columns.add(name.equalsIgnoreCase("_uuid") ? null : VsctlSchema.findColumn(table, name));
        }
        if (columns.isEmpty()) {
            throw new VsctlException("must specify at least one column name");
        }
        return columns;
    }

    /** Runs a command: the text it prints, or an {@link OutputTable}. */
    Object run(ParsedCommand c) {
        switch (c.spec().name()) {
            case "show":
                return new Show(db).render();
            case "list":
                return list(c);
            case "find":
                return find(c);
            case "get":
                return get(c);
            case "comment":
                return "";
            case "get-manager":
                return getManager();
            case "get-ssl":
                return getSsl();
            default:
                return bridgeCommand(c);
        }
    }

    private Object bridgeCommand(ParsedCommand c) {
        if (cache == null) {
            cache = new BridgeCache(db);
        }
        List<String> names = new ArrayList<>();
        switch (c.spec().name()) {
            case "list-br": {
                boolean real = c.has("--real");
                boolean fake = c.has("--fake");
                if (!real && !fake) {
                    real = fake = true;
                }
                for (BridgeCache.Bridge br : cache.bridges()) {
                    if (br.parent != null ? fake : real) {
                        names.add(br.name);
                    }
                }
                return sortedLines(names);
            }
            case "br-exists":
                if (cache.bridge(c.arg(0), false) == null) {
                    throw new VsctlException("", 2);
                }
                return "";
            case "br-to-vlan":
                return cache.bridge(c.arg(0), true).vlan + "\n";
            case "br-to-parent": {
                BridgeCache.Bridge br = cache.bridge(c.arg(0), true);
                return (br.parent != null ? br.parent : br).name + "\n";
            }
            case "list-ports": {
                BridgeCache.Bridge br = cache.bridge(c.arg(0), true);
                for (BridgeCache.Port p : br.ports) {
                    if (!p.name().equals(br.name)) {
                        names.add(p.name());
                    }
                }
                return sortedLines(names);
            }
            case "list-ifaces": {
                BridgeCache.Bridge br = cache.bridge(c.arg(0), true);
                for (BridgeCache.Port p : br.ports) {
                    for (String iface : p.interfaces()) {
                        if (!iface.equals(br.name)) {
                            names.add(iface);
                        }
                    }
                }
                return sortedLines(names);
            }
            case "port-to-br":
                return cache.port(c.arg(0)).bridge().name + "\n";
            case "get-controller": {
                BridgeCache.Bridge br = realBridge(c.arg(0));
                Map<String, DbRow> controllers = db.byUuid("Controller");
                for (Object uuid : br.row.get("controller").keys()) {
                    DbRow controller = controllers.get((String) uuid);
                    if (controller != null) {
                        names.add((String) controller.scalar("target"));
                    }
                }
                return sortedLines(names);
            }
            case "get-fail-mode": {
                Object mode = realBridge(c.arg(0)).row.scalar("fail_mode");
                return mode == null || ((String) mode).isEmpty() ? "" : mode + "\n";
            }
            case "br-get-external-id": {
                BridgeCache.Bridge br = cache.bridge(c.arg(0), true);
                String prefix = br.parent == null ? "" : "fake-bridge-";
                return externalIds(br.row.get("external_ids"), prefix, c.args().size() > 1 ? c.arg(1) : null);
            }
            default:
                return cache.portOfInterface(c.arg(0)).bridge().name + "\n";
        }
    }

    /** The named bridge, or for a fake bridge its parent (whose row has the settings). */
    private BridgeCache.Bridge realBridge(String name) {
        BridgeCache.Bridge br = cache.bridge(name, true);
        return br.parent != null ? br.parent : br;
    }

    /** get_external_id(): one value, or every {@code key=value} whose key has the prefix. */
    private static String externalIds(Datum ids, String prefix, String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            String k = (String) ids.keys().get(i);
            String v = (String) ids.values().get(i);
            if (key != null) {
                if (k.equals(prefix + key)) {
                    out.append(v).append('\n');
                }
            } else if (k.startsWith(prefix)) {
                out.append(k.substring(prefix.length())).append('=').append(v).append('\n');
            }
        }
        return out.toString();
    }

    private String getManager() {
        List<String> targets = new ArrayList<>();
        List<DbRow> switches = db.rows("Open_vSwitch");
        if (!switches.isEmpty()) {
            Map<String, DbRow> managers = db.byUuid("Manager");
            for (Object uuid : switches.get(0).get("manager_options").keys()) {
                DbRow manager = managers.get((String) uuid);
                if (manager != null && !targets.contains((String) manager.scalar("target"))) {
                    targets.add((String) manager.scalar("target"));
                }
            }
        }
        return sortedLines(targets);
    }

    private String getSsl() {
        List<DbRow> switches = db.rows("Open_vSwitch");
        if (switches.isEmpty() || switches.get(0).get("ssl").size() == 0) {
            return "";
        }
        DbRow ssl = db.row("SSL", (String) switches.get(0).scalar("ssl"));
        if (ssl == null) {
            return "";
        }
        return "Private key: " + ssl.scalar("private_key") + "\n"
                + "Certificate: " + ssl.scalar("certificate") + "\n"
                + "CA Certificate: " + ssl.scalar("ca_cert") + "\n"
                + "Bootstrap: " + ssl.scalar("bootstrap_ca_cert") + "\n";
    }

    private static String sortedLines(List<String> names) {
        names.sort((a, b) -> java.util.Arrays.compareUnsigned(AtomKind.utf8(a), AtomKind.utf8(b)));
        StringBuilder out = new StringBuilder();
        for (String n : names) {
            out.append(n).append('\n');
        }
        return out.toString();
    }

    private OutputTable newTable(List<VsctlSchema.Column> columns) {
        List<String> headings = new ArrayList<>();
        for (VsctlSchema.Column col : columns) {
            headings.add(col == null ? "_uuid" : col.name());
        }
        return new OutputTable(headings);
    }

    private static void addRecord(OutputTable out, DbRow row, List<VsctlSchema.Column> columns) {
        List<OutputTable.Cell> cells = new ArrayList<>();
        for (VsctlSchema.Column col : columns) {
            if (col == null) {
                cells.add(new OutputTable.Cell(Datum.ofAtom(row.uuid()), ColumnType.UUID));
            } else {
                cells.add(new OutputTable.Cell(row.get(col.name()), col.type()));
            }
        }
        out.addRow(cells);
    }

    private Object list(ParsedCommand c) {
        VsctlSchema.Table table = db.schema().findTable(c.arg(0));
        List<VsctlSchema.Column> columns = columns(c.value("--columns"), table);
        OutputTable out = newTable(columns);
        boolean mustExist = !c.has("--if-exists");
        if (c.args().size() > 1) {
            for (String record : c.args().subList(1, c.args().size())) {
                DbRow row = RecordIds.find(db, table.name(), record, mustExist);
                if (row != null) {
                    addRecord(out, row, columns);
                }
            }
        } else {
            for (DbRow row : db.rows(table.name())) {
                addRecord(out, row, columns);
            }
        }
        return out;
    }

    private Object find(ParsedCommand c) {
        VsctlSchema.Table table = db.schema().findTable(c.arg(0));
        List<VsctlSchema.Column> columns = columns(c.value("--columns"), table);
        OutputTable out = newTable(columns);
        List<String> conditions = c.args().subList(1, c.args().size());
        for (DbRow row : db.rows(table.name())) {
            boolean all = true;
            for (String condition : conditions) {
                if (!Condition.holds(condition, table, row)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                addRecord(out, row, columns);
            }
        }
        return out;
    }

    private Object get(ParsedCommand c) {
        String id = c.value("--id");
        boolean mustExist = !c.has("--if-exists");
        if (id != null && !mustExist) {
            throw new VsctlException("--if-exists and --id may not be specified together");
        }
        VsctlSchema.Table table = db.schema().findTable(c.arg(0));
        String record = c.arg(1);
        DbRow row = RecordIds.find(db, table.name(), record, mustExist);
        if (row == null) {
            return "";
        }
        if (id != null) {
            if (!id.startsWith("@")) {
                throw new VsctlException("row id \"" + id + "\" does not begin with \"@\"");
            }
            if (!ids.add(id)) {
                throw new VsctlException("row id \"" + id + "\" may only be specified on one --id option");
            }
        }
        StringBuilder out = new StringBuilder();
        for (String arg : c.args().subList(2, c.args().size())) {
            if (isUuidColumn(arg)) {
                out.append(row.uuid()).append('\n');
                continue;
            }
            ColumnArgument ca = ColumnArgument.parse(arg, table, null);
            ColumnType type = ca.column().type();
            Datum datum = row.get(ca.column().name());
            if (ca.key() != null) {
                if (!type.isMap()) {
                    throw new VsctlException("cannot specify key to get for non-map column " + ca.column().name());
                }
                Object key = type.key().parse(ca.key());
                int at = datum.find(key, type.key());
                if (at < 0) {
                    if (mustExist) {
                        throw new VsctlException("no key \"" + ca.key() + "\" in " + table.name() + " record \""
                                + record + "\" column " + ca.column().name());
                    }
                } else {
                    type.value().appendText(datum.values().get(at), out);
                }
            } else {
                datum.appendText(type, out);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
