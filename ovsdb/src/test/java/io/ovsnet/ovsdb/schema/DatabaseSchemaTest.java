package io.ovsnet.ovsdb.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.AtomicType;
import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.OvsdbMap;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parses the real Open_vSwitch schema installed with openvswitch-switch. */
class DatabaseSchemaTest {
    static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode vswitchSchemaJson() throws Exception {
        if (!Files.isReadable(VSWITCH_SCHEMA)) {
            throw new AssertionError(VSWITCH_SCHEMA + " is missing: install openvswitch-switch (apt-get install openvswitch-switch)");
        }
        return MAPPER.readTree(VSWITCH_SCHEMA.toFile());
    }

    private static DatabaseSchema vswitch() throws Exception {
        return DatabaseSchema.parse(vswitchSchemaJson());
    }

    @Test
    void parsesNameVersionAndTables() throws Exception {
        DatabaseSchema schema = vswitch();
        assertThat(schema.name()).isEqualTo("Open_vSwitch");
        assertThat(schema.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(schema.tables()).containsKeys("Open_vSwitch", "Bridge", "Port", "Interface", "Manager", "Controller");
        assertThat(schema.table("NoSuchTable")).isEmpty();
    }

    @Test
    void parsesTableProperties() throws Exception {
        DatabaseSchema schema = vswitch();
        TableSchema root = schema.table("Open_vSwitch").orElseThrow();
        assertThat(root.isRoot()).isTrue();
        assertThat(root.maxRows()).hasValue(1);
        TableSchema bridge = schema.table("Bridge").orElseThrow();
        assertThat(bridge.isRoot()).isFalse();
        assertThat(bridge.maxRows()).isEmpty();
        assertThat(bridge.indexes()).containsExactly(List.of("name"));
        assertThat(bridge.column("name").orElseThrow().mutable()).isFalse();
        assertThat(bridge.column("status").orElseThrow().ephemeral()).isTrue();
        assertThat(bridge.column("ports").orElseThrow().mutable()).isTrue();
        assertThat(bridge.column("_uuid")).isPresent();
        assertThat(bridge.column("_version")).isPresent();
    }

    @Test
    void parsesColumnTypes() throws Exception {
        DatabaseSchema schema = vswitch();
        ColumnType name = schema.table("Bridge").orElseThrow().column("name").orElseThrow().type();
        assertThat(name.isScalar()).isTrue();
        assertThat(name.key().type()).isEqualTo(AtomicType.STRING);

        ColumnType interfaces = schema.table("Port").orElseThrow().column("interfaces").orElseThrow().type();
        assertThat(interfaces.min()).isEqualTo(1);
        assertThat(interfaces.max()).isEqualTo(ColumnType.UNLIMITED);
        assertThat(interfaces.isSet()).isTrue();
        assertThat(interfaces.key().refTable()).contains("Interface");
        assertThat(interfaces.key().refType()).contains(BaseType.RefType.STRONG);

        ColumnType tag = schema.table("Port").orElseThrow().column("tag").orElseThrow().type();
        assertThat(tag.isOptional()).isTrue();
        assertThat(tag.key().minInteger()).hasValue(0);
        assertThat(tag.key().maxInteger()).hasValue(4095);

        ColumnType trunks = schema.table("Port").orElseThrow().column("trunks").orElseThrow().type();
        assertThat(trunks.max()).isEqualTo(4096);

        ColumnType protocols = schema.table("Bridge").orElseThrow().column("protocols").orElseThrow().type();
        assertThat(protocols.key().enumeration()).hasValueSatisfying(e -> assertThat(e.contains("OpenFlow13")).isTrue());

        ColumnType options = schema.table("Interface").orElseThrow().column("options").orElseThrow().type();
        assertThat(options.isMap()).isTrue();
        assertThat(options.value().orElseThrow().type()).isEqualTo(AtomicType.STRING);

        ColumnType statistics = schema.table("Interface").orElseThrow().column("statistics").orElseThrow().type();
        assertThat(statistics.value().orElseThrow().type()).isEqualTo(AtomicType.INTEGER);

        ColumnType datapaths = schema.table("Open_vSwitch").orElseThrow().column("datapaths").orElseThrow().type();
        assertThat(datapaths.value().orElseThrow().refTable()).contains("Datapath");
    }

    @Test
    void parsesWeakReferencesAndRealBounds() throws Exception {
        JsonNode json = MAPPER.readTree("{\"name\":\"T\",\"version\":\"1.0.0\",\"tables\":{\"A\":{\"columns\":{"
                + "\"w\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":\"A\",\"refType\":\"weak\"},\"min\":0,\"max\":1}},"
                + "\"r\":{\"type\":{\"key\":{\"type\":\"real\",\"minReal\":0.5,\"maxReal\":2}}},"
                + "\"s\":{\"type\":{\"key\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":15}}}},"
                + "\"indexes\":[[\"s\",\"r\"]]}}}");
        TableSchema a = DatabaseSchema.parse(json).table("A").orElseThrow();
        assertThat(a.column("w").orElseThrow().type().key().refType()).contains(BaseType.RefType.WEAK);
        assertThat(a.column("r").orElseThrow().type().key().minReal()).hasValue(0.5);
        assertThat(a.column("r").orElseThrow().type().key().maxReal()).hasValue(2.0);
        assertThat(a.column("s").orElseThrow().type().key().maxLength()).hasValue(15);
        assertThat(a.indexes()).containsExactly(List.of("s", "r"));
        assertThat(a.isRoot()).isFalse();
    }

    @Test
    void normalizesAndDefaultsByType() throws Exception {
        TableSchema port = vswitch().table("Port").orElseThrow();
        Row raw = Row.fromJson(MAPPER.readTree("{\"name\":\"p\",\"tag\":5,\"interfaces\":[\"uuid\",\"36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11\"]}"));
        Row normalized = port.normalize(raw);
        assertThat(normalized.get("name")).isEqualTo("p");
        assertThat(normalized.get("tag")).isEqualTo(OvsdbSet.of(5L));
        assertThat(normalized.get("interfaces")).isEqualTo(OvsdbSet.of(Uuid.parse("36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11")));
        Row full = port.withDefaults(normalized);
        assertThat(full.get("trunks")).isEqualTo(OvsdbSet.of());
        assertThat(full.get("external_ids")).isEqualTo(OvsdbMap.of());
        assertThat(full.get("protected")).isEqualTo(false);
        assertThat(full.get("bond_updelay")).isEqualTo(0L);
        assertThat(full.get("tag")).isEqualTo(OvsdbSet.of(5L));
        assertThatThrownBy(() -> port.normalize(Row.builder().set("name", 5).build()))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("string");
    }

    @Test
    void realColumnsWidenIntegers() throws Exception {
        ColumnType real = ColumnType.parse(MAPPER.readTree("\"real\""));
        assertThat(real.read(MAPPER.readTree("2"))).isEqualTo(2.0);
        assertThat(real.defaultValue()).isEqualTo(0.0);
    }

    @Test
    void mismatchesNameEveryDifference() throws Exception {
        DatabaseSchema schema = vswitch();
        assertThat(schema.mismatches("Bridge", List.of(Column.string("name"),
                Column.set("ports", AtomicType.UUID, Uuid.class), Column.stringMap("external_ids")))).isEmpty();
        assertThat(schema.mismatches("Bridge", List.of(Column.integer("name"), Column.string("nope"),
                Column.optional("ports", AtomicType.UUID, Uuid.class))))
                .containsExactly("Bridge.name has string keys, expected integer",
                        "Bridge.nope is not in database Open_vSwitch " + schema.version(),
                        "Bridge.ports is a set of 0..unlimited, expected optional");
        assertThat(schema.mismatches("Nope", List.of())).hasSize(1);
    }

    @Test
    void refusesMalformedSchemas() {
        for (String json : List.of("{}", "{\"name\":\"x\",\"tables\":[]}",
                "{\"name\":\"x\",\"tables\":{\"T\":{}}}",
                "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{}}}}}",
                "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":\"float\"}}}}}",
                "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":{\"key\":\"string\",\"min\":2,\"max\":3}}}}}}",
                "{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":{\"key\":\"string\",\"max\":\"many\"}}}}}}")) {
            assertThatThrownBy(() -> DatabaseSchema.parse(MAPPER.readTree(json))).as(json)
                    .isInstanceOf(MalformedJsonException.class);
        }
    }
}
