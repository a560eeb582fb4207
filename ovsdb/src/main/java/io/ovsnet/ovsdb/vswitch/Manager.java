package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A row of table {@code Manager}: an OVSDB remote of ovsdb-server; {@code target} is unique. */
public record Manager(Row row) {
    public static final String TABLE = "Manager";

    /** A connection method such as {@code ptcp:6640:127.0.0.1}. */
    public static final Column<String> TARGET = Column.string("target");
    public static final Column<Boolean> IS_CONNECTED = Column.bool("is_connected");
    public static final Column<Optional<Long>> INACTIVITY_PROBE = Column.optional("inactivity_probe", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<Long>> MAX_BACKOFF = Column.optional("max_backoff", AtomicType.INTEGER, Long.class);
    public static final Column<Optional<String>> CONNECTION_MODE = Column.optional("connection_mode", AtomicType.STRING, String.class);
    public static final Column<Map<String, String>> EXTERNAL_IDS = Column.stringMap("external_ids");
    public static final Column<Map<String, String>> OTHER_CONFIG = Column.stringMap("other_config");
    public static final Column<Map<String, String>> STATUS = Column.stringMap("status");

    public static final List<Column<?>> COLUMNS = List.of(TARGET, IS_CONNECTED, INACTIVITY_PROBE, MAX_BACKOFF,
            CONNECTION_MODE, EXTERNAL_IDS, OTHER_CONFIG, STATUS);

    /** An insert of a manager for {@code target}; add it to {@code Open_vSwitch.manager_options} in the same transaction. */
    public static Insert insert(String target) {
        return Insert.into(TABLE).set(TARGET, target);
    }

    public Uuid uuid() {
        return row.uuid();
    }

    public String target() {
        return row.get(TARGET);
    }

    public boolean isConnected() {
        return row.get(IS_CONNECTED);
    }

    public Optional<Long> inactivityProbe() {
        return row.get(INACTIVITY_PROBE);
    }

    public Optional<Long> maxBackoff() {
        return row.get(MAX_BACKOFF);
    }

    public Optional<String> connectionMode() {
        return row.get(CONNECTION_MODE);
    }

    public Map<String, String> externalIds() {
        return row.get(EXTERNAL_IDS);
    }

    public Map<String, String> otherConfig() {
        return row.get(OTHER_CONFIG);
    }

    public Map<String, String> status() {
        return row.get(STATUS);
    }
}
