package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.schema.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the {@code Open_vSwitch} database schema that the typed rows of this package use,
 * and the check that a server's schema has it.
 */
public final class VSwitchSchema {
    public static final String DATABASE = "Open_vSwitch";

    /** Table name to the typed columns of that table. */
    public static final Map<String, List<Column<?>>> TABLES = tables();

    private VSwitchSchema() {
    }

    private static Map<String, List<Column<?>>> tables() {
        LinkedHashMap<String, List<Column<?>>> tables = new LinkedHashMap<>();
        tables.put(OpenVSwitch.TABLE, OpenVSwitch.COLUMNS);
        tables.put(Bridge.TABLE, Bridge.COLUMNS);
        tables.put(Port.TABLE, Port.COLUMNS);
        tables.put(Interface.TABLE, Interface.COLUMNS);
        tables.put(Manager.TABLE, Manager.COLUMNS);
        tables.put(Controller.TABLE, Controller.COLUMNS);
        return Collections.unmodifiableMap(tables);
    }

    /**
     * Checks that {@code schema} is an Open_vSwitch schema with every typed table and column, of
     * the expected types. Call once after connecting (get_schema). Idempotent.
     *
     * @throws SchemaMismatchException listing every difference
     */
    public static void check(DatabaseSchema schema) {
        List<String> problems = new ArrayList<>();
        if (!DATABASE.equals(schema.name())) {
            problems.add("database is " + schema.name() + ", expected " + DATABASE);
        }
        TABLES.forEach((table, columns) -> problems.addAll(schema.mismatches(table, columns)));
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException(problems);
        }
    }
}
