package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Update;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A row of table {@code Bridge}; {@code name} is unique. Not a root table: a bridge lives while {@code Open_vSwitch.bridges} holds it. */
public record Bridge(Row row) implements VSwitchRow {
    public static final String TABLE = "Bridge";

    public static final Column<String> NAME = Column.string("name");
    public static final Column<Set<Uuid>> PORTS = Column.set("ports", AtomicType.UUID, Uuid.class);
    /** "netdev" for the userspace datapath, "" or "system" for the kernel's. */
    public static final Column<String> DATAPATH_TYPE = Column.string("datapath_type");
    public static final Column<Optional<String>> DATAPATH_ID = Column.optional("datapath_id", AtomicType.STRING, String.class);
    public static final Column<Optional<String>> FAIL_MODE = Column.optional("fail_mode", AtomicType.STRING, String.class);
    public static final Column<Set<Uuid>> CONTROLLER = Column.set("controller", AtomicType.UUID, Uuid.class);
    public static final Column<Set<String>> PROTOCOLS = Column.set("protocols", AtomicType.STRING, String.class);
    public static final Column<Boolean> STP_ENABLE = Column.bool("stp_enable");
    public static final Column<Boolean> MCAST_SNOOPING_ENABLE = Column.bool("mcast_snooping_enable");

    public static final List<Column<?>> COLUMNS = List.of(NAME, PORTS, DATAPATH_TYPE, DATAPATH_ID, FAIL_MODE,
            CONTROLLER, PROTOCOLS, STP_ENABLE, MCAST_SNOOPING_ENABLE, EXTERNAL_IDS, OTHER_CONFIG);

    /** An insert of a bridge named {@code name}; add it to {@code Open_vSwitch.bridges} in the same transaction. */
    public static Insert insert(String name) {
        return Insert.into(TABLE).set(NAME, name);
    }

    /** Matches the bridge named {@code name} (name is unique). */
    public static Condition named(String name) {
        return Condition.eq(NAME, name);
    }

    /** An update of the bridge named {@code name}; add columns with {@code set}. Idempotent. */
    public static Update update(String name) {
        return Update.table(TABLE).where(named(name));
    }

    /** A mutate of the bridge named {@code name}; add mutations with {@code mutation}. */
    public static Mutate mutate(String name) {
        return Mutate.table(TABLE).where(named(name));
    }

    public String name() {
        return row.get(NAME);
    }

    public Set<Uuid> ports() {
        return row.get(PORTS);
    }

    public String datapathType() {
        return row.get(DATAPATH_TYPE);
    }

    public Optional<String> datapathId() {
        return row.get(DATAPATH_ID);
    }

    public Optional<String> failMode() {
        return row.get(FAIL_MODE);
    }

    public Set<Uuid> controller() {
        return row.get(CONTROLLER);
    }

    public Set<String> protocols() {
        return row.get(PROTOCOLS);
    }

    public boolean stpEnable() {
        return row.get(STP_ENABLE);
    }

    public boolean mcastSnoopingEnable() {
        return row.get(MCAST_SNOOPING_ENABLE);
    }
}
