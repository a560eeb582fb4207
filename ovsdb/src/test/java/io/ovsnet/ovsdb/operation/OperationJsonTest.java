package io.ovsnet.ovsdb.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden JSON for every operation of RFC 7047 section 5.2, and reading each result. */
class OperationJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String U1 = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";

    private static String json(Operation<?> op) throws Exception {
        return MAPPER.writeValueAsString(op.toJson());
    }

    @Test
    void insert() throws Exception {
        Insert insert = Insert.into("Bridge").set("name", "br0").set("datapath_type", "netdev").withUuidName("br");
        assertThat(json(insert)).isEqualTo("{\"op\":\"insert\",\"table\":\"Bridge\","
                + "\"row\":{\"name\":\"br0\",\"datapath_type\":\"netdev\"},\"uuid-name\":\"br\"}");
        assertThat(insert.ref()).isEqualTo(new NamedUuid("br"));
        assertThat(insert.result(MAPPER.readTree("{\"uuid\":[\"uuid\",\"" + U1 + "\"]}"))).isEqualTo(Uuid.parse(U1));
    }

    @Test
    void insertWithExplicitUuidWritesItAsAString() throws Exception {
        // ovsdb-server 3.1 refuses ["uuid", ...] here with "Type mismatch for member 'uuid'" (checked by hand).
        Insert insert = Insert.into("Lease").set("addr", "10.0.0.2").withUuid(Uuid.parse(U1));
        assertThat(json(insert)).isEqualTo("{\"op\":\"insert\",\"table\":\"Lease\",\"row\":{\"addr\":\"10.0.0.2\"},"
                + "\"uuid\":\"" + U1 + "\"}");
        assertThat(json(Insert.into("T"))).isEqualTo("{\"op\":\"insert\",\"table\":\"T\",\"row\":{}}");
        assertThatThrownBy(() -> Insert.into("T").ref()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Insert.into("T").withUuidName("1x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void select() throws Exception {
        Select all = Select.from("Port");
        assertThat(json(all)).isEqualTo("{\"op\":\"select\",\"table\":\"Port\",\"where\":[]}");
        Select some = Select.from("Port").where(Condition.eq("name", "p1"), Condition.includes("trunks", 5))
                .columns("_uuid", "name");
        assertThat(json(some)).isEqualTo("{\"op\":\"select\",\"table\":\"Port\","
                + "\"where\":[[\"name\",\"==\",\"p1\"],[\"trunks\",\"includes\",5]],\"columns\":[\"_uuid\",\"name\"]}");
        List<Row> rows = some.result(MAPPER.readTree("{\"rows\":[{\"_uuid\":[\"uuid\",\"" + U1 + "\"],\"name\":\"p1\"}]}"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).uuid()).isEqualTo(Uuid.parse(U1));
        assertThat(rows.get(0).getString("name")).isEqualTo("p1");
    }

    @Test
    void update() throws Exception {
        Update update = Update.table("Port").set("tag", 10).where(Condition.eq("name", "p1"));
        assertThat(json(update)).isEqualTo("{\"op\":\"update\",\"table\":\"Port\","
                + "\"where\":[[\"name\",\"==\",\"p1\"]],\"row\":{\"tag\":10}}");
        assertThat(update.result(MAPPER.readTree("{\"count\":1}"))).isEqualTo(1);
    }

    @Test
    void mutate() throws Exception {
        Mutate mutate = Mutate.table("Bridge").where(Condition.eq("name", "br0"))
                .mutation(Mutation.insert("ports", new NamedUuid("p")), Mutation.delete("external_ids", Map.of("k", "v")));
        assertThat(json(mutate)).isEqualTo("{\"op\":\"mutate\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br0\"]],"
                + "\"mutations\":[[\"ports\",\"insert\",[\"named-uuid\",\"p\"]],[\"external_ids\",\"delete\",[\"map\",[[\"k\",\"v\"]]]]]}");
        assertThat(mutate.result(MAPPER.readTree("{\"count\":0}"))).isZero();
    }

    @Test
    void delete() throws Exception {
        Delete delete = Delete.from("Lease").where(Condition.uuidEquals(Uuid.parse(U1)));
        assertThat(json(delete)).isEqualTo("{\"op\":\"delete\",\"table\":\"Lease\","
                + "\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + U1 + "\"]]]}");
        assertThat(delete.result(MAPPER.readTree("{\"count\":3}"))).isEqualTo(3);
        assertThatThrownBy(() -> delete.result(MAPPER.readTree("{}"))).hasMessageContaining("count");
    }

    @Test
    void waitWithTimeoutRowsAndUntil() throws Exception {
        Wait wait = Wait.until("Open_vSwitch", Wait.Until.EQUALS, List.of("cur_cfg"),
                List.of(Row.builder().set("cur_cfg", 5).build())).timeout(0);
        assertThat(json(wait)).isEqualTo("{\"op\":\"wait\",\"table\":\"Open_vSwitch\",\"timeout\":0,\"where\":[],"
                + "\"columns\":[\"cur_cfg\"],\"until\":\"==\",\"rows\":[{\"cur_cfg\":5}]}");
        Wait forever = Wait.until("Bridge", Wait.Until.NOT_EQUALS, List.of("name"), List.of())
                .where(Condition.eq("name", "br0"));
        assertThat(json(forever)).isEqualTo("{\"op\":\"wait\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"br0\"]],"
                + "\"columns\":[\"name\"],\"until\":\"!=\",\"rows\":[]}");
        assertThatThrownBy(() -> forever.timeout(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commitAbortCommentAssert() throws Exception {
        assertThat(json(new Commit(true))).isEqualTo("{\"op\":\"commit\",\"durable\":true}");
        assertThat(json(new Commit(false))).isEqualTo("{\"op\":\"commit\",\"durable\":false}");
        assertThat(json(new Abort())).isEqualTo("{\"op\":\"abort\"}");
        assertThat(json(new Comment("ovsnet: attach c1"))).isEqualTo("{\"op\":\"comment\",\"comment\":\"ovsnet: attach c1\"}");
        assertThat(json(new Assert("ovsnet_leader"))).isEqualTo("{\"op\":\"assert\",\"lock\":\"ovsnet_leader\"}");
        assertThatThrownBy(() -> new Assert("ovsnet-leader")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operationsAreImmutable() {
        Insert base = Insert.into("T");
        Insert changed = base.set("a", 1);
        assertThat(base.row().isEmpty()).isTrue();
        assertThat(changed.row().getLong("a")).isEqualTo(1);
        Select select = Select.from("T");
        select.where(Condition.eq("a", 1));
        assertThat(select.where()).isEmpty();
    }
}
