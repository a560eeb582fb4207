package io.ovsnet.ovsdb.vswitch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Update;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypedRowsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String U1 = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";
    private static final String U2 = "5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5";

    @Test
    void typedInsertsHaveExactJson() throws Exception {
        Insert iface = Interface.insert("vx-h2-5001", "vxlan")
                .set(Interface.OPTIONS, Map.of("remote_ip", "192.0.2.2"))
                .withUuidName("i");
        Insert port = Port.insert("vx-h2-5001", iface.ref()).set(Port.TAG, 3).set(Port.PROTECTED, true).withUuidName("p");
        Mutate attach = Mutate.table(Bridge.TABLE).where(Condition.eq(Bridge.NAME, "br-ovsnet"))
                .mutation(Mutation.insert(Bridge.PORTS, port.ref()));
        assertThat(MAPPER.writeValueAsString(iface.toJson())).isEqualTo("{\"op\":\"insert\",\"table\":\"Interface\","
                + "\"row\":{\"name\":\"vx-h2-5001\",\"type\":\"vxlan\",\"options\":[\"map\",[[\"remote_ip\",\"192.0.2.2\"]]]},"
                + "\"uuid-name\":\"i\"}");
        assertThat(MAPPER.writeValueAsString(port.toJson())).isEqualTo("{\"op\":\"insert\",\"table\":\"Port\","
                + "\"row\":{\"name\":\"vx-h2-5001\",\"interfaces\":[\"named-uuid\",\"i\"],\"tag\":3,\"protected\":true},"
                + "\"uuid-name\":\"p\"}");
        assertThat(MAPPER.writeValueAsString(attach.toJson())).isEqualTo("{\"op\":\"mutate\",\"table\":\"Bridge\","
                + "\"where\":[[\"name\",\"==\",\"br-ovsnet\"]],\"mutations\":[[\"ports\",\"insert\",[\"named-uuid\",\"p\"]]]}");
        assertThat(MAPPER.writeValueAsString(Update.table(OpenVSwitch.TABLE).set(OpenVSwitch.EXTERNAL_IDS, Map.of()).toJson()))
                .isEqualTo("{\"op\":\"update\",\"table\":\"Open_vSwitch\",\"where\":[],\"row\":{\"external_ids\":[\"map\",[]]}}");
        assertThat(Manager.insert("ptcp:6640").row().getString("target")).isEqualTo("ptcp:6640");
        assertThat(Controller.insert("tcp:127.0.0.1:6653").row().getString("target")).isEqualTo("tcp:127.0.0.1:6653");
        assertThat(MAPPER.writeValueAsString(Port.update("p1").set(Port.TAG, 5).toJson())).isEqualTo("{\"op\":\"update\","
                + "\"table\":\"Port\",\"where\":[[\"name\",\"==\",\"p1\"]],\"row\":{\"tag\":5}}");
        assertThat(MAPPER.writeValueAsString(Interface.mutate("i1").mutation(Mutation.delete(Interface.OPTIONS, Set.of("key")))
                .toJson())).isEqualTo("{\"op\":\"mutate\",\"table\":\"Interface\",\"where\":[[\"name\",\"==\",\"i1\"]],"
                + "\"mutations\":[[\"options\",\"delete\",\"key\"]]}");
        assertThat(MAPPER.writeValueAsString(OpenVSwitch.incrementNextCfg().toJson())).isEqualTo("{\"op\":\"mutate\","
                + "\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"next_cfg\",\"+=\",1]]}");
        assertThat(Bridge.update("br0").where()).containsExactly(Bridge.named("br0"));
        assertThat(Bridge.insert("br0").table()).isEqualTo("Bridge");
        assertThat(Bridge.insert("br0").row().getString("name")).isEqualTo("br0");
    }

    @Test
    void typedAccessorsReadWireRows() throws Exception {
        Row row = Row.fromJson(MAPPER.readTree("{\"_uuid\":[\"uuid\",\"" + U1 + "\"],\"name\":\"p1\","
                + "\"interfaces\":[\"uuid\",\"" + U2 + "\"],\"tag\":[\"set\",[]],\"trunks\":[\"set\",[1,2]],"
                + "\"vlan_mode\":\"access\",\"protected\":true,\"external_ids\":[\"map\",[[\"container_id\",\"c1\"]]],"
                + "\"other_config\":[\"map\",[]]}"));
        Port port = new Port(row);
        assertThat(port.uuid()).isEqualTo(Uuid.parse(U1));
        assertThat(port.name()).isEqualTo("p1");
        assertThat(port.interfaces()).containsExactly(Uuid.parse(U2));
        assertThat(port.tag()).isEmpty();
        assertThat(port.trunks()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(port.vlanMode()).contains("access");
        assertThat(port.isProtected()).isTrue();
        assertThat(port.externalIds()).containsEntry("container_id", "c1");
        assertThat(port.otherConfig()).isEmpty();

        Interface iface = new Interface(Row.fromJson(MAPPER.readTree("{\"name\":\"i\",\"type\":\"\",\"ofport\":-1,"
                + "\"error\":\"could not open network device i (No such device)\",\"statistics\":[\"map\",[[\"rx_bytes\",5]]],"
                + "\"options\":[\"map\",[]]}")));
        assertThat(iface.ofport()).contains(-1L);
        assertThat(iface.error()).hasValueSatisfying(e -> assertThat(e).contains("No such device"));
        assertThat(iface.statistics()).containsEntry("rx_bytes", 5L);
        assertThat(iface.type()).isEmpty();

        OpenVSwitch ovs = new OpenVSwitch(Row.fromJson(MAPPER.readTree("{\"next_cfg\":3,\"cur_cfg\":2,"
                + "\"bridges\":[\"set\",[]],\"ovs_version\":\"3.1.0\"}")));
        assertThat(ovs.nextCfg()).isEqualTo(3);
        assertThat(ovs.curCfg()).isEqualTo(2);
        assertThat(ovs.bridges()).isEmpty();
        assertThat(ovs.ovsVersion()).contains("3.1.0");
        assertThat(new NamedUuid("i")).isEqualTo(Interface.insert("x", "").withUuidName("i").ref());
    }

    @Test
    void controllerAndManagerReadTheConnectionColumnsTheyShare() throws Exception {
        String json = "{\"_uuid\":[\"uuid\",\"" + U1 + "\"],\"target\":\"ptcp:6640:127.0.0.1\",\"is_connected\":true,"
                + "\"inactivity_probe\":[\"set\",[]],\"max_backoff\":8000,\"connection_mode\":\"out-of-band\","
                + "\"role\":\"master\",\"status\":[\"map\",[[\"state\",\"ACTIVE\"]]],"
                + "\"external_ids\":[\"map\",[[\"k\",\"v\"]]],\"other_config\":[\"map\",[]]}";
        Manager manager = new Manager(Row.fromJson(MAPPER.readTree(json)));
        Controller controller = new Controller(Row.fromJson(MAPPER.readTree(json)));
        for (RemoteRow remote : List.<RemoteRow>of(manager, controller)) {
            assertThat(remote.uuid()).isEqualTo(Uuid.parse(U1));
            assertThat(remote.target()).isEqualTo("ptcp:6640:127.0.0.1");
            assertThat(remote.isConnected()).isTrue();
            assertThat(remote.inactivityProbe()).isEmpty();
            assertThat(remote.maxBackoff()).contains(8000L);
            assertThat(remote.connectionMode()).contains("out-of-band");
            assertThat(remote.status()).containsExactly(Map.entry("state", "ACTIVE"));
            assertThat(remote.externalIds()).containsExactly(Map.entry("k", "v"));
            assertThat(remote.otherConfig()).isEmpty();
        }
        assertThat(controller.role()).contains("master");
        assertThat(Manager.COLUMNS).contains(Manager.TARGET, Manager.STATUS, Manager.EXTERNAL_IDS)
                .doesNotContain(Controller.ROLE);
        assertThat(Bridge.COLUMNS).contains(Bridge.EXTERNAL_IDS, Bridge.OTHER_CONFIG);
    }
}
