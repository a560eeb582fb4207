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

/** A row of table {@code Port}; {@code name} is unique. A port lives while a {@code Bridge.ports} holds it. */
public record Port(Row row) implements VSwitchRow {
    public static final String TABLE = "Port";

    public static final Column<String> NAME = Column.string("name");
    /** At least one interface (min 1). */
    public static final Column<Set<Uuid>> INTERFACES = Column.set("interfaces", AtomicType.UUID, Uuid.class);
    /** The access VLAN (0..4095), if any. */
    public static final Column<Optional<Long>> TAG = Column.optional("tag", AtomicType.INTEGER, Long.class);
    public static final Column<Set<Long>> TRUNKS = Column.set("trunks", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<String>> VLAN_MODE = Column.optional("vlan_mode", AtomicType.STRING, String.class);
    /** Protected ports never forward to each other (split horizon). */
    public static final Column<Boolean> PROTECTED = Column.bool("protected");

    public static final List<Column<?>> COLUMNS = List.of(NAME, INTERFACES, TAG, TRUNKS, VLAN_MODE, PROTECTED,
            EXTERNAL_IDS, OTHER_CONFIG);

    /** An insert of a port named {@code name} holding {@code interfaces} (Uuids or NamedUuids). */
    public static Insert insert(String name, Object... interfaces) {
        return Insert.into(TABLE).set(NAME, name).set(INTERFACES, List.of(interfaces));
    }

    /** Matches the port named {@code name} (name is unique). */
    public static Condition named(String name) {
        return Condition.eq(NAME, name);
    }

    /** An update of the port named {@code name}; add columns with {@code set}. Idempotent. */
    public static Update update(String name) {
        return Update.table(TABLE).where(named(name));
    }

    /** A mutate of the port named {@code name}; add mutations with {@code mutation}. */
    public static Mutate mutate(String name) {
        return Mutate.table(TABLE).where(named(name));
    }

    public String name() {
        return row.get(NAME);
    }

    public Set<Uuid> interfaces() {
        return row.get(INTERFACES);
    }

    public Optional<Long> tag() {
        return row.get(TAG);
    }

    public Set<Long> trunks() {
        return row.get(TRUNKS);
    }

    public Optional<String> vlanMode() {
        return row.get(VLAN_MODE);
    }

    public boolean isProtected() {
        return row.get(PROTECTED);
    }
}
