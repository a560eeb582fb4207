package io.ovsnet.ovsdb.vswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.schema.SchemaMismatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VSwitchSchemaTest {
    private static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode schemaJson() throws Exception {
        if (!Files.isReadable(VSWITCH_SCHEMA)) {
            throw new AssertionError(VSWITCH_SCHEMA + " is missing: install openvswitch-switch (apt-get install openvswitch-switch)");
        }
        return (ObjectNode) MAPPER.readTree(VSWITCH_SCHEMA.toFile());
    }

    @Test
    void installedSchemaHasEveryTypedColumn() throws Exception {
        VSwitchSchema.check(DatabaseSchema.parse(schemaJson()));
        assertThat(VSwitchSchema.TABLES).hasSize(6);
        int columns = VSwitchSchema.TABLES.values().stream().mapToInt(List::size).sum();
        assertThat(columns).isGreaterThan(50);
    }

    @Test
    void missingOrChangedColumnsAreListed() throws Exception {
        ObjectNode json = schemaJson();
        ObjectNode portColumns = (ObjectNode) json.path("tables").path("Port").path("columns");
        portColumns.remove("protected");
        portColumns.set("tag", MAPPER.readTree("{\"type\":\"string\"}"));
        ((ObjectNode) json.path("tables")).remove("Manager");
        SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
                () -> VSwitchSchema.check(DatabaseSchema.parse(json)));
        assertThat(e.error()).isEqualTo("schema mismatch");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("Port.protected is not in database"))
                .anySatisfy(p -> assertThat(p).isEqualTo("Port.tag has string keys, expected integer"))
                .anySatisfy(p -> assertThat(p).isEqualTo("Port.tag is a set of 1..1, expected optional"))
                .anySatisfy(p -> assertThat(p).startsWith("table Manager is not in database"))
                .hasSize(4);
        assertThat(e.getMessage()).contains("Port.protected");
    }

    @Test
    void anotherDatabaseIsRefused() throws Exception {
        ObjectNode json = schemaJson();
        json.put("name", "OVN_Southbound");
        SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
                () -> VSwitchSchema.check(DatabaseSchema.parse(json)));
        assertThat(e.problems()).containsExactly("database is OVN_Southbound, expected Open_vSwitch");
    }

    @Test
    void everyTypedColumnIsListedOnce() {
        VSwitchSchema.TABLES.forEach((table, columns) ->
                assertThat(columns.stream().map(Column::name).distinct().count()).as(table).isEqualTo(columns.size()));
    }
}
