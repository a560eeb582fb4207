package io.ovsnet.ovsdb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableUpdatesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String U1 = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";
    static final String U2 = "5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5";
    static final String U3 = "0a0b0c0d-1111-2222-3333-444455556666";
    static final String U4 = "99999999-8888-7777-6666-555544443333";

    private static TableUpdates parse(String json, UpdateFormat format) throws Exception {
        return TableUpdates.parse(MAPPER.readTree(json), format);
    }

    @Test
    void update2HasFourKinds() throws Exception {
        TableUpdates updates = parse("{\"Bridge\":{"
                + "\"" + U1 + "\":{\"initial\":{\"name\":\"a\"}},"
                + "\"" + U2 + "\":{\"insert\":{\"name\":\"b\"}},"
                + "\"" + U3 + "\":{\"modify\":{\"ports\":[\"uuid\",\"" + U1 + "\"]}},"
                + "\"" + U4 + "\":{\"delete\":null}}}", UpdateFormat.UPDATE2);
        List<RowUpdate> rows = updates.tables().get("Bridge");
        assertThat(rows).extracting(RowUpdate::kind).containsExactly(RowUpdate.Kind.INITIAL, RowUpdate.Kind.INSERT,
                RowUpdate.Kind.MODIFY, RowUpdate.Kind.DELETE);
        assertThat(rows).extracting(RowUpdate::uuid).containsExactly(Uuid.parse(U1), Uuid.parse(U2), Uuid.parse(U3), Uuid.parse(U4));
        assertThat(rows.get(0).row().orElseThrow().getString("name")).isEqualTo("a");
        assertThat(rows.get(2).diff().orElseThrow().getSet("ports").as(Uuid.class)).containsExactly(Uuid.parse(U1));
        assertThat(rows.get(2).row()).isEmpty();
        assertThat(rows.get(3).row()).isEmpty();
        assertThat(parse("{\"T\":{\"" + U1 + "\":{\"delete\":{}}}}", UpdateFormat.UPDATE3).tables().get("T").get(0).kind())
                .isEqualTo(RowUpdate.Kind.DELETE);
    }

    @Test
    void updateDerivesKindsFromOldAndNew() throws Exception {
        TableUpdates updates = parse("{\"Port\":{"
                + "\"" + U1 + "\":{\"new\":{\"name\":\"p\",\"tag\":1}},"
                + "\"" + U2 + "\":{\"old\":{\"tag\":1},\"new\":{\"name\":\"q\",\"tag\":2}},"
                + "\"" + U3 + "\":{\"old\":{\"name\":\"r\"}}}}", UpdateFormat.UPDATE);
        List<RowUpdate> rows = updates.tables().get("Port");
        assertThat(rows).extracting(RowUpdate::kind).containsExactly(RowUpdate.Kind.INSERT, RowUpdate.Kind.MODIFY, RowUpdate.Kind.DELETE);
        assertThat(rows.get(1).old().orElseThrow().getLong("tag")).isEqualTo(1);
        assertThat(rows.get(1).row().orElseThrow().getLong("tag")).isEqualTo(2);
        assertThat(rows.get(1).diff()).isEmpty();
    }

    @Test
    void emptyAndNull() throws Exception {
        assertThat(parse("{}", UpdateFormat.UPDATE2).isEmpty()).isTrue();
        assertThat(parse("null", UpdateFormat.UPDATE2).isEmpty()).isTrue();
        assertThat(TableUpdates.parse(null, UpdateFormat.UPDATE).isEmpty()).isTrue();
    }

    @Test
    void refusesMalformedUpdates() {
        for (String json : List.of("[]", "{\"T\":[]}", "{\"T\":{\"not-a-uuid\":{\"insert\":{}}}}",
                "{\"T\":{\"" + U1 + "\":{\"insert\":{},\"delete\":null}}}",
                "{\"T\":{\"" + U1 + "\":{\"upsert\":{}}}}",
                "{\"T\":{\"" + U1 + "\":{\"insert\":[1]}}}")) {
            assertThatThrownBy(() -> parse(json, UpdateFormat.UPDATE2)).as(json).isInstanceOf(MalformedJsonException.class);
        }
        assertThatThrownBy(() -> parse("{\"T\":{\"" + U1 + "\":{}}}", UpdateFormat.UPDATE))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("neither");
    }
}
