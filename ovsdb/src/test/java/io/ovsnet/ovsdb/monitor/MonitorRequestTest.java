package io.ovsnet.ovsdb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorRequestTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void defaultRequestSelectsEverything() throws Exception {
        assertThat(MAPPER.writeValueAsString(MonitorRequest.of("Bridge").toJson()))
                .isEqualTo("{\"select\":{\"initial\":true,\"insert\":true,\"delete\":true,\"modify\":true}}");
    }

    @Test
    void columnsSelectAndWhere() throws Exception {
        MonitorRequest request = MonitorRequest.of("Lease").columns("net", "addr")
                .select(MonitorRequest.Select.INITIAL, MonitorRequest.Select.DELETE)
                .where(Condition.eq("net", "n1"));
        assertThat(MAPPER.writeValueAsString(request.toJson())).isEqualTo("{\"columns\":[\"net\",\"addr\"],"
                + "\"where\":[[\"net\",\"==\",\"n1\"]],"
                + "\"select\":{\"initial\":true,\"insert\":false,\"delete\":true,\"modify\":false}}");
    }

    @Test
    void requestsGroupByTable() throws Exception {
        String json = MAPPER.writeValueAsString(MonitorRequest.requests(List.of(
                MonitorRequest.of("Bridge").columns("name"),
                MonitorRequest.of("Port").columns("name", "tag"),
                MonitorRequest.of("Bridge").columns("ports").where(Condition.eq("name", "br0")))));
        String all = "\"select\":{\"initial\":true,\"insert\":true,\"delete\":true,\"modify\":true}";
        assertThat(json).isEqualTo("{\"Bridge\":[{\"columns\":[\"name\"]," + all + "},"
                + "{\"columns\":[\"ports\"],\"where\":[[\"name\",\"==\",\"br0\"]]," + all + "}],"
                + "\"Port\":[{\"columns\":[\"name\",\"tag\"]," + all + "}]}");
    }

    @Test
    void plainMonitorRefusesConditions() {
        List<MonitorRequest> requests = List.of(MonitorRequest.of("T").where(Condition.eq("a", 1)));
        assertThatThrownBy(() -> MonitorRequest.requests(requests, UpdateFormat.UPDATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor_cond");
        assertThat(MonitorRequest.requests(requests, UpdateFormat.UPDATE2).path("T").size()).isEqualTo(1);
        assertThat(MonitorRequest.requests(List.of(MonitorRequest.of("T")), UpdateFormat.UPDATE).has("T")).isTrue();
    }

    @Test
    void formatsNameTheirMethods() {
        assertThat(UpdateFormat.UPDATE.requestMethod()).isEqualTo("monitor");
        assertThat(UpdateFormat.UPDATE2.requestMethod()).isEqualTo("monitor_cond");
        assertThat(UpdateFormat.UPDATE3.requestMethod()).isEqualTo("monitor_cond_since");
        assertThat(UpdateFormat.UPDATE3.notificationMethod()).isEqualTo("update3");
    }
}
