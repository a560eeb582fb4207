package io.ovsnet.ovsdb.monitor;

import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.Objects;
import java.util.Optional;

/**
 * One row's change in a {@link Replica}: its contents before and after. Both present for a
 * modification, only {@code after} for an insertion, only {@code before} for a deletion.
 */
public record RowChange(String table, Uuid uuid, Optional<Row> before, Optional<Row> after) {

    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(uuid, "uuid");
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("a change needs a before or an after");
        }
    }

    public boolean isInsert() {
        return before.isEmpty();
    }

    public boolean isDelete() {
        return after.isEmpty();
    }

    public boolean isModify() {
        return before.isPresent() && after.isPresent();
    }
}
