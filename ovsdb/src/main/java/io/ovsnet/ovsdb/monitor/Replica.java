package io.ovsnet.ovsdb.monitor;

import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.OvsdbMap;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.schema.ColumnSchema;
import io.ovsnet.ovsdb.schema.ColumnType;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of monitored tables, kept current by applying a monitor's initial reply and its
 * update notifications. Thread-safe: every method may be called from any thread; {@link #apply}
 * is atomic (a malformed update changes nothing) and listeners see changes in apply order.
 *
 * <p>The schema is needed to apply update2/update3 diffs exactly: on the wire a one-element set
 * and a scalar look the same, but the diff of a column with {@code max > 1} toggles elements while
 * that of a scalar or optional column replaces the value. Every replica row is in canonical form ({@code ColumnType#normalize}), has every
 * column of its table (columns the server omitted because they hold their default, and columns
 * not monitored, hold the default) and has {@code _uuid}.
 */
public final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final DatabaseSchema schema;
    private final Object lock = new Object();
    private final List<ReplicaListener> listeners = new CopyOnWriteArrayList<>();
    /** Table name to rows; guarded by {@link #lock}. */
    private Map<String, Map<Uuid, Row>> tables = new HashMap<>();
    private boolean resetPending;
    private volatile String lastTransactionId;

    public Replica(DatabaseSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public DatabaseSchema schema() {
        return schema;
    }

    /**
     * Applies a monitor's initial reply or one update notification, then tells the listeners
     * what changed. After {@link #reset()}, the update is taken as the complete new contents and
     * listeners are told only the differences from the old contents. Not idempotent: a diff
     * applied twice undoes itself, so apply each notification exactly once.
     *
     * @throws MalformedJsonException if the update does not fit the replica (a modify of an unknown
     *                                row, a value of the wrong type); the replica is then unchanged
     *                                and should be resynchronised
     */
    public void apply(TableUpdates updates) {
        synchronized (lock) {
            Map<String, Map<Uuid, Row>> base = resetPending ? new HashMap<>() : tables;
            Map<String, Map<Uuid, Optional<Row>>> staged = new LinkedHashMap<>();
            updates.tables().forEach((table, rows) -> {
                Map<Uuid, Optional<Row>> stagedRows = staged.computeIfAbsent(table, t -> new LinkedHashMap<>());
                Map<Uuid, Row> current = base.getOrDefault(table, Map.of());
                Optional<TableSchema> tableSchema = schema.table(table);
                for (RowUpdate update : rows) {
                    Optional<Row> before = stagedRows.containsKey(update.uuid())
                            ? stagedRows.get(update.uuid()) : Optional.ofNullable(current.get(update.uuid()));
                    stagedRows.put(update.uuid(), next(table, tableSchema, before, update));
                }
            });
            List<RowChange> changes = resetPending ? replaceAll(staged) : merge(staged);
            resetPending = false;
            LOG.debug("replica applied tables={} changes={}", updates.tables().keySet(), changes.size());
            if (!changes.isEmpty()) {
                List<RowChange> view = List.copyOf(changes);
                for (ReplicaListener listener : listeners) {
                    try {
                        listener.changed(view);
                    } catch (RuntimeException e) {
                        LOG.warn("replica listener failed listener={}", listener, e);
                    }
                }
            }
        }
    }

    private List<RowChange> merge(Map<String, Map<Uuid, Optional<Row>>> staged) {
        List<RowChange> changes = new ArrayList<>();
        staged.forEach((table, rows) -> {
            Map<Uuid, Row> target = tables.computeIfAbsent(table, t -> new HashMap<>());
            rows.forEach((uuid, after) -> {
                Row before = after.isPresent() ? target.put(uuid, after.get()) : target.remove(uuid);
                if (!Objects.equals(before, after.orElse(null))) {
                    changes.add(new RowChange(table, uuid, Optional.ofNullable(before), after));
                }
            });
        });
        return changes;
    }

    private List<RowChange> replaceAll(Map<String, Map<Uuid, Optional<Row>>> staged) {
        Map<String, Map<Uuid, Row>> fresh = new HashMap<>();
        staged.forEach((table, rows) -> {
            Map<Uuid, Row> target = fresh.computeIfAbsent(table, t -> new HashMap<>());
            rows.forEach((uuid, row) -> row.ifPresent(r -> target.put(uuid, r)));
        });
        List<RowChange> changes = new ArrayList<>();
        Set<String> names = new HashSet<>(tables.keySet());
        names.addAll(fresh.keySet());
        for (String table : names) {
            Map<Uuid, Row> oldRows = tables.getOrDefault(table, Map.of());
            Map<Uuid, Row> newRows = fresh.getOrDefault(table, Map.of());
            Set<Uuid> uuids = new HashSet<>(oldRows.keySet());
            uuids.addAll(newRows.keySet());
            for (Uuid uuid : uuids) {
                Row before = oldRows.get(uuid);
                Row after = newRows.get(uuid);
                if (!Objects.equals(before, after)) {
                    changes.add(new RowChange(table, uuid, Optional.ofNullable(before), Optional.ofNullable(after)));
                }
            }
        }
        tables = fresh;
        return changes;
    }

    private static Optional<Row> next(String table, Optional<TableSchema> schema, Optional<Row> before, RowUpdate update) {
        return switch (update.kind()) {
            case DELETE -> Optional.empty();
            case INITIAL, INSERT -> Optional.of(complete(schema, update.row().orElseThrow(), update.uuid()));
            case MODIFY -> {
                if (update.row().isPresent()) {
                    // UPDATE format: "new" holds the new values of the monitored columns.
                    Row base = before.orElseGet(() -> complete(schema, Row.empty(), update.uuid()));
                    yield Optional.of(base.with(normalize(schema, update.row().get())));
                }
                Row current = before.orElseThrow(() -> new MalformedJsonException(
                        "modify of row " + update.uuid() + " that is not in the replica of table " + table));
                yield Optional.of(applyDiff(schema, current, update.diff().orElseThrow()));
            }
        };
    }

    private static Row complete(Optional<TableSchema> schema, Row row, Uuid uuid) {
        Row normalized = normalize(schema, row).with(Row.UUID_COLUMN, uuid);
        return schema.map(s -> s.withDefaults(normalized)).orElse(normalized);
    }

    private static Row normalize(Optional<TableSchema> schema, Row row) {
        return schema.map(s -> s.normalize(row)).orElse(row);
    }

    /**
     * Applies an update2 "modify" diff (ovsdb-server.7 section 4.1.14). For a column that can
     * hold more than one element ({@code max > 1}): a set toggles each element of the diff (added
     * if absent, removed if present); a map adds absent keys, removes keys given with their
     * current value, and replaces the value of keys given with another value. Any other column
     * (scalar, or optional with {@code max 1}) takes the diff as its new value: the server sends
     * an optional column's new contents, not the symmetric difference. A column missing from the
     * schema also takes the diff as its value.
     */
    static Row applyDiff(Optional<TableSchema> schema, Row current, Row diff) {
        Map<String, Object> result = new LinkedHashMap<>(current.columns());
        diff.columns().forEach((column, raw) -> {
            Optional<ColumnType> type = schema.flatMap(s -> s.column(column)).map(ColumnSchema::type);
            if (type.isEmpty() || !type.get().isComposite()) {
                result.put(column, type.map(t -> t.normalize(raw)).orElse(raw));
                return;
            }
            ColumnType t = type.get();
            Object value = t.normalize(raw);
            Object old = result.containsKey(column) ? result.get(column) : t.defaultValue();
            if (t.isMap()) {
                result.put(column, asMap(old, column).applyDiff((OvsdbMap) value));
            } else {
                result.put(column, asSet(old, column).toggle((OvsdbSet) value));
            }
        });
        return Row.of(result);
    }

    private static OvsdbSet asSet(Object old, String column) {
        if (old instanceof OvsdbSet set) {
            return set;
        }
        throw new MalformedJsonException("set diff for column " + column + " that holds " + old);
    }

    private static OvsdbMap asMap(Object old, String column) {
        if (old instanceof OvsdbMap map) {
            return map;
        }
        throw new MalformedJsonException("map diff for column " + column + " that holds " + old);
    }

    /**
     * Forgets the contents before a full resynchronisation. The old rows stay readable until the
     * next {@link #apply}, which replaces them all and reports only real differences to the
     * listeners. Also forgets the last transaction id, so call {@link #lastTransactionId(String)}
     * after it. Idempotent.
     */
    public void reset() {
        synchronized (lock) {
            resetPending = true;
            lastTransactionId = null;
        }
    }

    /** The id of the last transaction reflected here (monitor_cond_since / update3), if known. */
    public Optional<String> lastTransactionId() {
        return Optional.ofNullable(lastTransactionId);
    }

    public void lastTransactionId(String id) {
        lastTransactionId = Objects.requireNonNull(id, "id");
    }

    /** A snapshot of one table's rows by UUID (empty if the table is not monitored). */
    public Map<Uuid, Row> table(String name) {
        synchronized (lock) {
            return Map.copyOf(tables.getOrDefault(name, Map.of()));
        }
    }

    /** One row of a table, if present. */
    public Optional<Row> row(String table, Uuid uuid) {
        synchronized (lock) {
            return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(uuid));
        }
    }

    public void addListener(ReplicaListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ReplicaListener listener) {
        listeners.remove(listener);
    }
}
