package io.ovsnet.ovsdb.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String U1 = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";
    private static final String U2 = "5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5";

    private static Row read(String json) throws Exception {
        return Row.fromJson(MAPPER.readTree(json));
    }

    @Test
    void gettersReadEveryType() throws Exception {
        Row row = read("{\"_uuid\":[\"uuid\",\"" + U1 + "\"],\"name\":\"br0\",\"n\":7,\"r\":1.5,\"whole\":2,"
                + "\"b\":true,\"ports\":[\"set\",[[\"uuid\",\"" + U1 + "\"],[\"uuid\",\"" + U2 + "\"]]],"
                + "\"ids\":[\"map\",[[\"k\",\"v\"]]]}");
        assertThat(row.uuid()).isEqualTo(Uuid.parse(U1));
        assertThat(row.getString("name")).isEqualTo("br0");
        assertThat(row.getLong("n")).isEqualTo(7);
        assertThat(row.getDouble("r")).isEqualTo(1.5);
        assertThat(row.getDouble("whole")).isEqualTo(2.0);
        assertThat(row.getBoolean("b")).isTrue();
        assertThat(row.getSet("ports").as(Uuid.class)).containsExactlyInAnyOrder(Uuid.parse(U1), Uuid.parse(U2));
        assertThat(row.getStringMap("ids")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void bareAtomAndOneElementSetAreAlike() throws Exception {
        Row bare = read("{\"ports\":[\"uuid\",\"" + U1 + "\"],\"tag\":5}");
        Row wrapped = read("{\"ports\":[\"set\",[[\"uuid\",\"" + U1 + "\"]]],\"tag\":[\"set\",[5]]}");
        assertThat(bare.getSet("ports")).isEqualTo(wrapped.getSet("ports")).isEqualTo(OvsdbSet.of(Uuid.parse(U1)));
        assertThat(bare.getLong("tag")).isEqualTo(wrapped.getLong("tag")).isEqualTo(5);
        Column<Set<Uuid>> ports = Column.set("ports", AtomicType.UUID, Uuid.class);
        Column<Optional<Long>> tag = Column.optional("tag", AtomicType.INTEGER, Long.class);
        assertThat(bare.get(ports)).isEqualTo(wrapped.get(ports)).containsExactly(Uuid.parse(U1));
        assertThat(bare.get(tag)).isEqualTo(wrapped.get(tag)).contains(5L);
        assertThat(read("{\"tag\":[\"set\",[]]}").get(tag)).isEmpty();
    }

    @Test
    void typedColumnsRefuseWrongTypes() throws Exception {
        Row row = read("{\"name\":\"x\",\"tags\":[\"set\",[1,2]],\"m\":[\"map\",[]]}");
        assertThatThrownBy(() -> row.get(Column.integer("name"))).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> row.get(Column.optional("tags", AtomicType.INTEGER, Long.class)))
                .isInstanceOf(ClassCastException.class).hasMessageContaining("expected 0 or 1");
        assertThatThrownBy(() -> row.getSet("m")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> row.getMap("name")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> Column.set("s", AtomicType.UUID, String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingColumnIsNamed() {
        Row row = Row.builder().set("name", "x").build();
        assertThatThrownBy(() -> row.getString("type")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("type").hasMessageContaining("[name]");
        assertThat(row.find("type")).isEmpty();
    }

    @Test
    void builtRowHasExactJson() throws Exception {
        Row row = Row.builder()
                .set("name", "p1")
                .set("interfaces", Set.of(new NamedUuid("i1")))
                .set("tag", Optional.of(10))
                .set("trunks", Set.of())
                .set("external_ids", Map.of("container_id", "abc"))
                .build();
        assertThat(MAPPER.writeValueAsString(row.toJson())).isEqualTo("{\"name\":\"p1\",\"interfaces\":[\"named-uuid\",\"i1\"],"
                + "\"tag\":10,\"trunks\":[\"set\",[]],\"external_ids\":[\"map\",[[\"container_id\",\"abc\"]]]}");
        assertThat(Row.fromJson(row.toJson())).isEqualTo(Row.builder()
                .set("name", "p1").set("interfaces", new NamedUuid("i1")).set("tag", 10L)
                .set("trunks", OvsdbSet.of()).set("external_ids", OvsdbMap.of("container_id", "abc")).build());
    }

    @Test
    void rowsAreImmutableValues() {
        Row a = Row.builder().set("n", 1).build();
        Row b = a.with("n", 2);
        assertThat(a.getLong("n")).isEqualTo(1);
        assertThat(b.getLong("n")).isEqualTo(2);
        assertThat(a).isEqualTo(Row.of(Map.of("n", 1L))).hasSameHashCodeAs(Row.of(Map.of("n", 1)));
        assertThatThrownBy(() -> a.columns().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNonObjects() {
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(MalformedJsonException.class);
    }
}
