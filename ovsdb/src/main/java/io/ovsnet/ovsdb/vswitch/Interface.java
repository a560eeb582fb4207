package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Update;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A row of table {@code Interface}; {@code name} is unique. An interface lives while a {@code Port.interfaces} holds it. */
public record Interface(Row row) implements VSwitchRow {
    public static final String TABLE = "Interface";

    public static final Column<String> NAME = Column.string("name");
    /** "" (system), "internal", "vxlan", "gre", "patch", ... */
    public static final Column<String> TYPE = Column.string("type");
    /** Type-specific options, such as {@code remote_ip} and {@code key} of a tunnel. */
    public static final Column<Map<String, String>> OPTIONS = Column.stringMap("options");
    /** The OpenFlow port number; -1 when ovs-vswitchd could not add the interface. */
    public static final Column<Optional<Long>> OFPORT = Column.optional("ofport", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<Long>> OFPORT_REQUEST = Column.optional("ofport_request", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<String>> MAC_IN_USE = Column.optional("mac_in_use", AtomicType.STRING, String.class);
    public static final Column<Optional<String>> MAC = Column.optional("mac", AtomicType.STRING, String.class);
    public static final Column<Optional<Long>> MTU = Column.optional("mtu", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<Long>> MTU_REQUEST = Column.optional("mtu_request", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<String>> ADMIN_STATE = Column.optional("admin_state", AtomicType.STRING, String.class);
    public static final Column<Optional<String>> LINK_STATE = Column.optional("link_state", AtomicType.STRING, String.class);
    /** Why ovs-vswitchd could not set the interface up, if it could not. */
    public static final Column<Optional<String>> ERROR = Column.optional("error", AtomicType.STRING, String.class);
    public static final Column<Map<String, Long>> STATISTICS =
            Column.map("statistics", AtomicType.STRING, String.class, AtomicType.INTEGER, Long.class);
    public static final Column<Map<String, String>> STATUS = Column.stringMap("status");

    public static final List<Column<?>> COLUMNS = List.of(NAME, TYPE, OPTIONS, OFPORT, OFPORT_REQUEST, MAC_IN_USE, MAC,
            MTU, MTU_REQUEST, ADMIN_STATE, LINK_STATE, ERROR, EXTERNAL_IDS, OTHER_CONFIG, STATISTICS, STATUS);

    /** An insert of an interface named {@code name} of {@code type} ("" for a system interface). */
    public static Insert insert(String name, String type) {
        return Insert.into(TABLE).set(NAME, name).set(TYPE, type);
    }

    /** Matches the interface named {@code name} (name is unique). */
    public static Condition named(String name) {
        return Condition.eq(NAME, name);
    }

    /** An update of the interface named {@code name}; add columns with {@code set}. Idempotent. */
    public static Update update(String name) {
        return Update.table(TABLE).where(named(name));
    }

    /** A mutate of the interface named {@code name}; add mutations with {@code mutation}. */
    public static Mutate mutate(String name) {
        return Mutate.table(TABLE).where(named(name));
    }

    public String name() {
        return row.get(NAME);
    }

    public String type() {
        return row.get(TYPE);
    }

    public Map<String, String> options() {
        return row.get(OPTIONS);
    }

    public Optional<Long> ofport() {
        return row.get(OFPORT);
    }

    public Optional<Long> ofportRequest() {
        return row.get(OFPORT_REQUEST);
    }

    public Optional<String> macInUse() {
        return row.get(MAC_IN_USE);
    }

    public Optional<String> mac() {
        return row.get(MAC);
    }

    public Optional<Long> mtu() {
        return row.get(MTU);
    }

    public Optional<Long> mtuRequest() {
        return row.get(MTU_REQUEST);
    }

    public Optional<String> adminState() {
        return row.get(ADMIN_STATE);
    }

    public Optional<String> linkState() {
        return row.get(LINK_STATE);
    }

    public Optional<String> error() {
        return row.get(ERROR);
    }

    public Map<String, Long> statistics() {
        return row.get(STATISTICS);
    }

    public Map<String, String> status() {
        return row.get(STATUS);
    }
}
