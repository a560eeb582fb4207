package io.ovsnet.ovsdb.monitor;

import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.Objects;
import java.util.Optional;

/**
 * What a monitor reported for one row. Values are read without a schema (see {@link Row});
 * {@link Replica} brings them into canonical form with its schema.
 *
 * @param old  the old values: in the UPDATE format, of the changed columns of a modify and of all
 *             columns of a delete; empty otherwise
 * @param row  the new contents: of an initial or insert row, and of a modify in the UPDATE format;
 *             empty otherwise
 * @param diff the update2/update3 "modify" diff; empty otherwise
 */
public record RowUpdate(Uuid uuid, Kind kind, Optional<Row> old, Optional<Row> row, Optional<Row> diff) {

    /** The change a row update reports. */
    public enum Kind {
        /** Part of the initial contents (update2/update3 "initial"). */
        INITIAL,
        /** A new row ("insert"; in the UPDATE format, also initial rows, which it cannot tell apart). */
        INSERT,
        /** A changed row. */
        MODIFY,
        /** A deleted row. */
        DELETE
    }

    public RowUpdate {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(kind, "kind");
    }
}
