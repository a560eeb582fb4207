package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import java.util.Map;
import java.util.Optional;

/**
 * The columns {@code Controller} and {@code Manager} share: a remote that ovs-vswitchd (an
 * OpenFlow controller) or ovsdb-server (a manager) connects to or listens on, and the state of
 * that connection. The column constants are reached through the table, as {@code Manager.TARGET}.
 */
interface RemoteRow extends VSwitchRow {
    /** A connection method such as {@code tcp:127.0.0.1:6653} or {@code ptcp:6640:127.0.0.1}. */
    Column<String> TARGET = Column.string("target");
    Column<Boolean> IS_CONNECTED = Column.bool("is_connected");
    Column<Optional<Long>> INACTIVITY_PROBE = Column.optional("inactivity_probe", AtomicType.INTEGER, Long.class);
    Column<Optional<Long>> MAX_BACKOFF = Column.optional("max_backoff", AtomicType.INTEGER, Long.class);
    Column<Optional<String>> CONNECTION_MODE = Column.optional("connection_mode", AtomicType.STRING, String.class);
    Column<Map<String, String>> STATUS = Column.stringMap("status");

    default String target() {
        return row().get(TARGET);
    }

    default boolean isConnected() {
        return row().get(IS_CONNECTED);
    }

    default Optional<Long> inactivityProbe() {
        return row().get(INACTIVITY_PROBE);
    }

    default Optional<Long> maxBackoff() {
        return row().get(MAX_BACKOFF);
    }

    default Optional<String> connectionMode() {
        return row().get(CONNECTION_MODE);
    }

    default Map<String, String> status() {
        return row().get(STATUS);
    }
}
