package io.ovsnet.ovsdb.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** update2 diffs against the real Open_vSwitch schema, read through the typed rows. */
class VSwitchReplicaTest {
    private static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String B = "36bcc3f0-9a2b-4c7a-8d64-0c4b7e1f0a11";
    private static final String P1 = "5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5";
    private static final String P2 = "0a0b0c0d-1111-2222-3333-444455556666";

    @Test
    void bridgePortsAndPortTagFollowDiffs() throws Exception {
        if (!Files.isReadable(VSWITCH_SCHEMA)) {
            throw new AssertionError(VSWITCH_SCHEMA + " is missing: install openvswitch-switch");
        }
        Replica replica = new Replica(DatabaseSchema.parse(MAPPER.readTree(VSWITCH_SCHEMA.toFile())));
        replica.apply(TableUpdates.parse(MAPPER.readTree("{\"Bridge\":{\"" + B + "\":{\"initial\":{\"name\":\"br0\","
                + "\"ports\":[\"uuid\",\"" + P1 + "\"],\"datapath_type\":\"netdev\"}}},"
                + "\"Port\":{\"" + P1 + "\":{\"initial\":{\"name\":\"p1\",\"interfaces\":[\"uuid\",\"" + P2 + "\"]}}}}"),
                UpdateFormat.UPDATE3));
        Bridge bridge = new Bridge(replica.row(Bridge.TABLE, Uuid.parse(B)).orElseThrow());
        assertThat(bridge.ports()).containsExactly(Uuid.parse(P1));
        assertThat(bridge.stpEnable()).isFalse();
        assertThat(bridge.failMode()).isEmpty();
        assertThat(bridge.externalIds()).isEmpty();

        replica.apply(TableUpdates.parse(MAPPER.readTree("{\"Bridge\":{\"" + B + "\":{\"modify\":{\"ports\":[\"uuid\",\"" + P2 + "\"]}}},"
                + "\"Port\":{\"" + P1 + "\":{\"modify\":{\"tag\":10,\"external_ids\":[\"map\",[[\"ovsnet-network\",\"n1\"]]]}}}}"),
                UpdateFormat.UPDATE3));
        bridge = new Bridge(replica.row(Bridge.TABLE, Uuid.parse(B)).orElseThrow());
        assertThat(bridge.ports()).containsExactlyInAnyOrder(Uuid.parse(P1), Uuid.parse(P2));
        Port port = new Port(replica.row(Port.TABLE, Uuid.parse(P1)).orElseThrow());
        assertThat(port.tag()).contains(10L);
        assertThat(port.externalIds()).containsEntry("ovsnet-network", "n1");

        replica.apply(TableUpdates.parse(MAPPER.readTree("{\"Bridge\":{\"" + B + "\":{\"modify\":{\"ports\":[\"uuid\",\"" + P1 + "\"]}}},"
                + "\"Port\":{\"" + P1 + "\":{\"modify\":{\"tag\":[\"set\",[]]}}}}"), UpdateFormat.UPDATE3));
        bridge = new Bridge(replica.row(Bridge.TABLE, Uuid.parse(B)).orElseThrow());
        assertThat(bridge.ports()).containsExactly(Uuid.parse(P2));
        assertThat(new Port(replica.row(Port.TABLE, Uuid.parse(P1)).orElseThrow()).tag()).isEmpty();
    }
}
