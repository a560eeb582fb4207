package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.operation.Insert;
import java.util.List;
import java.util.Optional;

/**
 * A row of table {@code Controller}: an OpenFlow controller of a bridge ({@code Bridge.controller}).
 * Its connection columns ({@code TARGET}, {@code IS_CONNECTED}, ...) are those it shares with {@code Manager}.
 */
public record Controller(Row row) implements RemoteRow {
    public static final String TABLE = "Controller";

    public static final Column<Optional<String>> ROLE = Column.optional("role", AtomicType.STRING, String.class);

    public static final List<Column<?>> COLUMNS = List.of(TARGET, IS_CONNECTED, ROLE, INACTIVITY_PROBE, MAX_BACKOFF,
            CONNECTION_MODE, EXTERNAL_IDS, OTHER_CONFIG, STATUS);

    /** An insert of a controller for {@code target}; add it to a {@code Bridge.controller} in the same transaction. */
    public static Insert insert(String target) {
        return Insert.into(TABLE).set(TARGET, target);
    }

    public Optional<String> role() {
        return row.get(ROLE);
    }
}
