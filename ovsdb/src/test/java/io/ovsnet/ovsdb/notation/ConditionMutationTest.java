package io.ovsnet.ovsdb.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden JSON for every condition function and every mutator. */
class ConditionMutationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String json(Object node) throws Exception {
        return MAPPER.writeValueAsString(node);
    }

    @Test
    void everyFunctionHasItsWireString() throws Exception {
        assertThat(json(Condition.eq("name", "br0").toJson())).isEqualTo("[\"name\",\"==\",\"br0\"]");
        assertThat(json(Condition.ne("name", "br0").toJson())).isEqualTo("[\"name\",\"!=\",\"br0\"]");
        assertThat(json(Condition.lt("ofport", 5).toJson())).isEqualTo("[\"ofport\",\"<\",5]");
        assertThat(json(Condition.le("ofport", 5).toJson())).isEqualTo("[\"ofport\",\"<=\",5]");
        assertThat(json(Condition.gt("ofport", 5).toJson())).isEqualTo("[\"ofport\",\">\",5]");
        assertThat(json(Condition.ge("ofport", 5).toJson())).isEqualTo("[\"ofport\",\">=\",5]");
        assertThat(json(Condition.includes("external_ids", Map.of("k", "v")).toJson()))
                .isEqualTo("[\"external_ids\",\"includes\",[\"map\",[[\"k\",\"v\"]]]]");
        assertThat(json(Condition.excludes("trunks", Set.of(7)).toJson())).isEqualTo("[\"trunks\",\"excludes\",7]");
        assertThat(json(Condition.uuidEquals(Uuid.parse("36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11")).toJson()))
                .isEqualTo("[\"_uuid\",\"==\",[\"uuid\",\"36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11\"]]");
        assertThat(json(Condition.eq(Column.bool("protected"), true).toJson())).isEqualTo("[\"protected\",\"==\",true]");
        assertThat(Condition.Function.values()).hasSize(8);
    }

    @Test
    void everyMutatorHasItsWireString() throws Exception {
        assertThat(json(Mutation.sum("next_cfg", 1).toJson())).isEqualTo("[\"next_cfg\",\"+=\",1]");
        assertThat(json(Mutation.difference("n", 2).toJson())).isEqualTo("[\"n\",\"-=\",2]");
        assertThat(json(Mutation.product("n", 3).toJson())).isEqualTo("[\"n\",\"*=\",3]");
        assertThat(json(Mutation.quotient("n", 4).toJson())).isEqualTo("[\"n\",\"/=\",4]");
        assertThat(json(Mutation.remainder("n", 5).toJson())).isEqualTo("[\"n\",\"%=\",5]");
        assertThat(json(Mutation.insert("ports", new NamedUuid("p")).toJson()))
                .isEqualTo("[\"ports\",\"insert\",[\"named-uuid\",\"p\"]]");
        assertThat(json(Mutation.delete("external_ids", Set.of("a", "b")).toJson()))
                .satisfiesAnyOf(s -> assertThat(s).isEqualTo("[\"external_ids\",\"delete\",[\"set\",[\"a\",\"b\"]]]"),
                        s -> assertThat(s).isEqualTo("[\"external_ids\",\"delete\",[\"set\",[\"b\",\"a\"]]]"));
        assertThat(json(Mutation.insert("external_ids", Map.of("k", "v")).toJson()))
                .isEqualTo("[\"external_ids\",\"insert\",[\"map\",[[\"k\",\"v\"]]]]");
        assertThat(Mutation.Mutator.values()).hasSize(7);
    }

    @Test
    void readBackFromWire() throws Exception {
        for (Condition.Function f : Condition.Function.values()) {
            Condition c = new Condition("c", f, 1);
            assertThat(Condition.fromJson(c.toJson())).isEqualTo(c);
        }
        for (Mutation.Mutator m : Mutation.Mutator.values()) {
            Mutation mutation = new Mutation("c", m, 1);
            assertThat(Mutation.fromJson(mutation.toJson())).isEqualTo(mutation);
        }
        assertThatThrownBy(() -> Condition.fromJson(MAPPER.readTree("[\"c\",\"=~\",1]")))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("=~");
        assertThatThrownBy(() -> Mutation.fromJson(MAPPER.readTree("[\"c\",\"^=\",1]")))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("^=");
    }
}
