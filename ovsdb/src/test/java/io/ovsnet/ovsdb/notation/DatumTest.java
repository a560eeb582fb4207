package io.ovsnet.ovsdb.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden JSON for every notation type of RFC 7047 section 5.1, and reading it back. */
class DatumTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String U1 = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";
    private static final String U2 = "5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5";

    private static String json(Object value) throws Exception {
        return MAPPER.writeValueAsString(Datum.toJson(value));
    }

    private static Object read(String json) throws Exception {
        return Datum.fromJson(MAPPER.readTree(json));
    }

    @Test
    void atomsHaveExactJson() throws Exception {
        assertThat(json(42L)).isEqualTo("42");
        assertThat(json(-7)).isEqualTo("-7");
        assertThat(json(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(json(2.5)).isEqualTo("2.5");
        assertThat(json(true)).isEqualTo("true");
        assertThat(json(false)).isEqualTo("false");
        assertThat(json("br-ovsnet")).isEqualTo("\"br-ovsnet\"");
        assertThat(json("a \"quoted\" {brace} \\ back")).isEqualTo("\"a \\\"quoted\\\" {brace} \\\\ back\"");
        assertThat(json(Uuid.parse(U1))).isEqualTo("[\"uuid\",\"" + U1 + "\"]");
        assertThat(json(UUID.fromString(U1))).isEqualTo("[\"uuid\",\"" + U1 + "\"]");
        assertThat(json(new NamedUuid("row_1"))).isEqualTo("[\"named-uuid\",\"row_1\"]");
    }

    @Test
    void atomsReadBack() throws Exception {
        assertThat(read("42")).isEqualTo(42L);
        assertThat(read("2.5")).isEqualTo(2.5);
        assertThat(read("true")).isEqualTo(true);
        assertThat(read("\"x\"")).isEqualTo("x");
        assertThat(read("[\"uuid\",\"" + U1 + "\"]")).isEqualTo(new Uuid(UUID.fromString(U1)));
        assertThat(read("[\"named-uuid\",\"n1\"]")).isEqualTo(new NamedUuid("n1"));
    }

    @Test
    void setsHaveExactJsonWithOneElementAsBareAtom() throws Exception {
        assertThat(json(OvsdbSet.of())).isEqualTo("[\"set\",[]]");
        assertThat(json(OvsdbSet.of("a"))).isEqualTo("\"a\"");
        assertThat(json(OvsdbSet.of(1, 2, 3))).isEqualTo("[\"set\",[1,2,3]]");
        assertThat(json(OvsdbSet.of(Uuid.parse(U1), Uuid.parse(U2))))
                .isEqualTo("[\"set\",[[\"uuid\",\"" + U1 + "\"],[\"uuid\",\"" + U2 + "\"]]]");
        assertThat(json(OvsdbSet.of(new NamedUuid("p")))).isEqualTo("[\"named-uuid\",\"p\"]");
        assertThat(json(List.of("x", "y"))).isEqualTo("[\"set\",[\"x\",\"y\"]]");
        assertThat(json(Optional.empty())).isEqualTo("[\"set\",[]]");
        assertThat(json(Optional.of(100))).isEqualTo("100");
    }

    @Test
    void setsReadEitherWay() throws Exception {
        assertThat(OvsdbSet.fromJson(MAPPER.readTree("\"a\""))).isEqualTo(OvsdbSet.of("a"));
        assertThat(OvsdbSet.fromJson(MAPPER.readTree("[\"set\",[\"a\"]]"))).isEqualTo(OvsdbSet.of("a"));
        assertThat(OvsdbSet.fromJson(MAPPER.readTree("[\"uuid\",\"" + U1 + "\"]"))).isEqualTo(OvsdbSet.of(Uuid.parse(U1)));
        assertThat(read("[\"set\",[1,2]]")).isEqualTo(OvsdbSet.of(2L, 1L));
        assertThat(read("[\"set\",[]]")).isEqualTo(OvsdbSet.of());
    }

    @Test
    void setsAreUniqueAndOrderInsensitive() {
        assertThat(OvsdbSet.of("a", "b", "a").size()).isEqualTo(2);
        assertThat(OvsdbSet.of("a", "b")).isEqualTo(OvsdbSet.of("b", "a"));
        assertThat(OvsdbSet.of(1, 2)).isEqualTo(OvsdbSet.copyOf(Set.of(1L, 2L)));
        assertThat(OvsdbSet.of(1, 2).as(Long.class)).containsExactlyInAnyOrder(1L, 2L);
        assertThatThrownBy(() -> OvsdbSet.of(1, "x").as(Long.class)).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("x");
    }

    @Test
    void mapsHaveExactJson() throws Exception {
        assertThat(json(OvsdbMap.of())).isEqualTo("[\"map\",[]]");
        assertThat(json(OvsdbMap.of("remote_ip", "192.0.2.2", "key", "5001")))
                .isEqualTo("[\"map\",[[\"remote_ip\",\"192.0.2.2\"],[\"key\",\"5001\"]]]");
        assertThat(json(OvsdbMap.of("rx_bytes", 10))).isEqualTo("[\"map\",[[\"rx_bytes\",10]]]");
        assertThat(json(OvsdbMap.of(1, Uuid.parse(U1)))).isEqualTo("[\"map\",[[1,[\"uuid\",\"" + U1 + "\"]]]]");
        assertThat(json(Map.of("k", "v"))).isEqualTo("[\"map\",[[\"k\",\"v\"]]]");
    }

    @Test
    void mapsReadBack() throws Exception {
        Object map = read("[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"]]]");
        assertThat(map).isEqualTo(OvsdbMap.of("b", "2", "a", "1"));
        assertThat(((OvsdbMap) map).as(String.class, String.class)).containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void roundTripsEveryShape() throws Exception {
        for (String json : List.of("0", "-1", "1.25", "false", "\"\"", "[\"uuid\",\"" + U2 + "\"]",
                "[\"set\",[]]", "[\"set\",[\"a\",\"b\"]]", "[\"map\",[[\"k\",1]]]")) {
            assertThat(json(read(json))).as(json).isEqualTo(json);
        }
    }

    @Test
    void refusesMalformedValues() {
        for (String json : List.of("null", "{}", "[\"set\",\"a\"]", "[\"map\",[[\"a\"]]]", "[\"uuid\",\"nope\"]",
                "[\"uuid\",\"1-1-1-1-1\"]", "[\"named-uuid\",\"9bad\"]", "[\"bogus\",\"x\"]", "[1,2,3]",
                "[\"set\",[[\"set\",[]]]]", "123456789012345678901234567890")) {
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(MalformedJsonException.class)
                    .satisfies(e -> assertThat(((MalformedJsonException) e).isRetryable()).isFalse());
        }
    }

    @Test
    void refusesNonAtomsInJava() {
        assertThatThrownBy(() -> Datum.toJson(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OvsdbSet.of(OvsdbSet.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NamedUuid("has-dash")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapDiffAddsRemovesAndReplaces() {
        OvsdbMap old = OvsdbMap.of("keep", "1", "drop", "2", "change", "3");
        OvsdbMap diff = OvsdbMap.of("drop", "2", "change", "30", "add", "4");
        assertThat(old.applyDiff(diff)).isEqualTo(OvsdbMap.of("keep", "1", "change", "30", "add", "4"));
    }

    @Test
    void setToggleIsSymmetricDifference() {
        assertThat(OvsdbSet.of(1, 2, 3).toggle(OvsdbSet.of(3, 4))).isEqualTo(OvsdbSet.of(1, 2, 4));
        assertThat(OvsdbSet.of().toggle(OvsdbSet.of("a"))).isEqualTo(OvsdbSet.of("a"));
    }

    @Test
    void uuidJsonNodeShape() {
        JsonNode node = Uuid.parse(U1).toJson();
        assertThat(node.isArray()).isTrue();
        assertThat(Uuid.fromJson(node)).isEqualTo(Uuid.parse(U1));
    }
}
