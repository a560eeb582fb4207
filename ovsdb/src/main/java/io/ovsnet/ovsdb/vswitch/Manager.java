package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.operation.Insert;
import java.util.List;

/**
 * A row of table {@code Manager}: an OVSDB remote of ovsdb-server; {@code target} is unique. Its
 * columns are the connection columns it shares with {@code Controller}.
 */
public record Manager(Row row) implements RemoteRow {
    public static final String TABLE = "Manager";

    public static final List<Column<?>> COLUMNS = List.of(TARGET, IS_CONNECTED, INACTIVITY_PROBE, MAX_BACKOFF,
            CONNECTION_MODE, EXTERNAL_IDS, OTHER_CONFIG, STATUS);

    /** An insert of a manager for {@code target}; add it to {@code Open_vSwitch.manager_options} in the same transaction. */
    public static Insert insert(String target) {
        return Insert.into(TABLE).set(TARGET, target);
    }
}
