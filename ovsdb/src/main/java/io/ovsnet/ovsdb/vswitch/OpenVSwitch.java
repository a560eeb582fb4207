package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Update;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A row of the root table {@code Open_vSwitch} (one row per database). */
public record OpenVSwitch(Row row) implements VSwitchRow {
    public static final String TABLE = "Open_vSwitch";

    public static final Column<Set<Uuid>> BRIDGES = Column.set("bridges", AtomicType.UUID, Uuid.class);
    public static final Column<Set<Uuid>> MANAGER_OPTIONS = Column.set("manager_options", AtomicType.UUID, Uuid.class);
    /** Incremented by a writer that wants to know when ovs-vswitchd has applied its change. */
    public static final Column<Long> NEXT_CFG = Column.integer("next_cfg");
    /** Set by ovs-vswitchd to the next_cfg it has applied. */
    public static final Column<Long> CUR_CFG = Column.integer("cur_cfg");
    public static final Column<Optional<String>> OVS_VERSION = Column.optional("ovs_version", AtomicType.STRING, String.class);
    public static final Column<Optional<String>> DB_VERSION = Column.optional("db_version", AtomicType.STRING, String.class);
    public static final Column<Set<String>> DATAPATH_TYPES = Column.set("datapath_types", AtomicType.STRING, String.class);
    public static final Column<Set<String>> IFACE_TYPES = Column.set("iface_types", AtomicType.STRING, String.class);

    public static final List<Column<?>> COLUMNS = List.of(BRIDGES, MANAGER_OPTIONS, NEXT_CFG, CUR_CFG, EXTERNAL_IDS,
            OTHER_CONFIG, OVS_VERSION, DB_VERSION, DATAPATH_TYPES, IFACE_TYPES);

    /** An update of the (only) row; add columns with {@code set}. Idempotent. */
    public static Update update() {
        return Update.table(TABLE);
    }

    /** A mutate of the (only) row; add mutations with {@code mutation}. */
    public static Mutate mutate() {
        return Mutate.table(TABLE);
    }

    /**
     * {@code next_cfg += 1}: put it in a transaction, then wait until {@link #CUR_CFG} reaches the
     * new value to know that ovs-vswitchd has applied the transaction. Not idempotent.
     */
    public static Mutate incrementNextCfg() {
        return mutate().mutation(Mutation.sum(NEXT_CFG.name(), 1));
    }

    public Set<Uuid> bridges() {
        return row.get(BRIDGES);
    }

    public Set<Uuid> managerOptions() {
        return row.get(MANAGER_OPTIONS);
    }

    public long nextCfg() {
        return row.get(NEXT_CFG);
    }

    public long curCfg() {
        return row.get(CUR_CFG);
    }

    public Optional<String> ovsVersion() {
        return row.get(OVS_VERSION);
    }

    public Optional<String> dbVersion() {
        return row.get(DB_VERSION);
    }

    public Set<String> datapathTypes() {
        return row.get(DATAPATH_TYPES);
    }

    public Set<String> ifaceTypes() {
        return row.get(IFACE_TYPES);
    }
}
