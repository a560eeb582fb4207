package io.ovsnet.ovsdb.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Delete;
import io.ovsnet.ovsdb.operation.Handle;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Mutate;
import io.ovsnet.ovsdb.operation.Operation;
import io.ovsnet.ovsdb.operation.Select;
import io.ovsnet.ovsdb.operation.ServerSession;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.ovsdb.operation.TransactionResult;
import io.ovsnet.ovsdb.operation.Update;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import io.ovsnet.ovsdb.schema.TableSchema;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.Interface;
import io.ovsnet.ovsdb.vswitch.OpenVSwitch;
import io.ovsnet.ovsdb.vswitch.Port;
import io.ovsnet.ovsdb.vswitch.VSwitchSchema;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.TestbedExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Against a real ovsdb-server: a replica fed by monitor (update), monitor_cond (update2 diffs) or
 * monitor_cond_since (update3 diffs) must equal a fresh select after every kind of change (set elements added and removed, optional columns set,
 * changed and cleared, map keys added, replaced and removed, scalars, garbage-collected rows).
 */
@Timeout(60)
class ReplicaServerIT {
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TABLES = List.of(OpenVSwitch.TABLE, Bridge.TABLE, Port.TABLE, Interface.TABLE);

    @RegisterExtension
    final TestbedExtension<Store> store = TestbedExtension.of(() -> Store.standalone(SCHEMA));

    private ServerSession session;
    private DatabaseSchema schema;
    private Replica replica;
    private UpdateFormat format;

    @BeforeEach
    void connect() throws Exception {
        session = new ServerSession(store.get().unixRemote(), this::onNotification);
        schema = session.schema(VSwitchSchema.DATABASE);
        replica = new Replica(schema);
    }

    @AfterEach
    void disconnect() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    private void onNotification(JsonNode message) {
        JsonNode params = message.get("params");
        if (!message.path("method").asText().equals(format.notificationMethod())) {
            return;
        }
        if (format == UpdateFormat.UPDATE3) {
            replica.apply(TableUpdates.parse(params.get(2), format));
            replica.lastTransactionId(params.get(1).asText());
        } else {
            replica.apply(TableUpdates.parse(params.get(1), format));
        }
    }

    @ParameterizedTest
    @EnumSource(UpdateFormat.class)
    void replicaEqualsDatabaseAfterEveryChange(UpdateFormat updateFormat) throws Exception {
        format = updateFormat;
        VSwitchSchema.check(schema);
        ArrayNode params = MAPPER.createArrayNode().add(VSwitchSchema.DATABASE).add("m1")
                .add(MonitorRequest.requests(TABLES.stream().map(MonitorRequest::of).toList(), format));
        if (format == UpdateFormat.UPDATE3) {
            params.add("00000000-0000-0000-0000-000000000000");
        }
        JsonNode reply = session.call(format.requestMethod(), params);
        replica.reset();
        if (format == UpdateFormat.UPDATE3) {
            assertThat(reply.get(0).asBoolean()).as("found").isFalse();
            replica.apply(TableUpdates.parse(reply.get(2), format));
            replica.lastTransactionId(reply.get(1).asText());
        } else {
            replica.apply(TableUpdates.parse(reply, format));
        }
        assertReplicaEqualsDatabase();

        Transaction create = Transaction.on(VSwitchSchema.DATABASE);
        Insert iface = Interface.insert("i1", "").withUuidName("i1");
        Insert port = Port.insert("p1", iface.ref()).withUuidName("p1");
        Insert bridge = Bridge.insert("br0").set(Bridge.PORTS, Set.of(port.ref()))
                .set(Bridge.EXTERNAL_IDS, Map.of("a", "1", "b", "2")).withUuidName("br0");
        create.add(iface);
        create.add(port);
        Handle<Uuid> bridgeUuid = create.add(bridge);
        create.add(Insert.into(OpenVSwitch.TABLE).set(OpenVSwitch.BRIDGES, Set.of(bridge.ref())));
        Uuid br0 = session.transact(create).get(bridgeUuid);
        assertReplicaEqualsDatabase();
        assertThat(new Bridge(replica.row(Bridge.TABLE, br0).orElseThrow()).name()).isEqualTo("br0");

        // a set column gains one element (the diff is a bare atom)
        Transaction addPort = Transaction.on(VSwitchSchema.DATABASE);
        Insert iface2 = Interface.insert("i2", "internal").withUuidName("i2");
        Insert port2 = Port.insert("p2", iface2.ref()).withUuidName("p2");
        addPort.add(iface2);
        addPort.add(port2);
        addPort.add(Mutate.table(Bridge.TABLE).where(Condition.eq(Bridge.NAME, "br0"))
                .mutation(Mutation.insert(Bridge.PORTS, port2.ref())));
        session.transact(addPort);
        assertReplicaEqualsDatabase();
        assertThat(new Bridge(replica.row(Bridge.TABLE, br0).orElseThrow()).ports()).hasSize(2);

        // optional column: set, change, clear; map: remove, replace and add keys; scalars
        change(Update.table(Port.TABLE).where(Condition.eq(Port.NAME, "p1")).set(Port.TAG, 10));
        change(Update.table(Port.TABLE).where(Condition.eq(Port.NAME, "p1")).set(Port.TAG, 11).set(Port.TRUNKS, Set.of(1, 2, 3)));
        change(Update.table(Port.TABLE).where(Condition.eq(Port.NAME, "p1")).set(Port.TAG, OvsdbSet.of()).set(Port.TRUNKS, Set.of(3, 4)));
        change(Update.table(Bridge.TABLE).where(Condition.eq(Bridge.NAME, "br0"))
                .set(Bridge.EXTERNAL_IDS, Map.of("b", "20", "c", "3")).set(Bridge.DATAPATH_TYPE, "netdev").set(Bridge.STP_ENABLE, true));
        change(Mutate.table(Bridge.TABLE).where(Condition.eq(Bridge.NAME, "br0"))
                .mutation(Mutation.delete(Bridge.EXTERNAL_IDS, Set.of("c")), Mutation.insert(Bridge.EXTERNAL_IDS, Map.of("d", "4"))));
        change(Update.table(Interface.TABLE).where(Condition.eq(Interface.NAME, "i2")).set(Interface.TYPE, "")
                .set(Interface.OPTIONS, Map.of("k", "v")));
        change(Mutate.table(OpenVSwitch.TABLE).mutation(Mutation.sum(OpenVSwitch.NEXT_CFG.name(), 5)));

        // a set column loses one element; the unreferenced port and interface are garbage-collected
        Uuid p1 = new Port(replica.table(Port.TABLE).values().stream()
                .filter(r -> r.getString("name").equals("p1")).findFirst().orElseThrow()).uuid();
        change(Mutate.table(Bridge.TABLE).where(Condition.eq(Bridge.NAME, "br0")).mutation(Mutation.delete(Bridge.PORTS, p1)));
        assertThat(replica.row(Port.TABLE, p1)).isEmpty();
        assertThat(replica.table(Interface.TABLE)).hasSize(1);

        change(Delete.from(OpenVSwitch.TABLE));
        assertThat(replica.table(Bridge.TABLE)).isEmpty();
        assertThat(replica.lastTransactionId().isPresent()).isEqualTo(format == UpdateFormat.UPDATE3);
    }

    private void change(Operation<?> op) throws Exception {
        Transaction tx = Transaction.on(VSwitchSchema.DATABASE);
        tx.add(op);
        session.transact(tx);
        assertReplicaEqualsDatabase();
    }

    /**
     * Selects every monitored table and compares it, in canonical form, with the replica. The
     * server sends a transaction's update notification before its reply, so no wait is needed.
     */
    private void assertReplicaEqualsDatabase() throws Exception {
        Transaction tx = Transaction.on(VSwitchSchema.DATABASE);
        Map<String, Handle<List<Row>>> selects = new HashMap<>();
        TABLES.forEach(t -> selects.put(t, tx.add(Select.from(t))));
        TransactionResult result = session.transact(tx);
        for (String table : TABLES) {
            TableSchema tableSchema = schema.table(table).orElseThrow();
            Map<Uuid, Row> expected = new HashMap<>();
            for (Row row : result.get(selects.get(table))) {
                expected.put(row.uuid(), withoutVersion(tableSchema.withDefaults(tableSchema.normalize(row))));
            }
            Map<Uuid, Row> actual = new HashMap<>();
            replica.table(table).forEach((uuid, row) -> actual.put(uuid, withoutVersion(row)));
            assertThat(actual).as("replica of table %s", table).isEqualTo(expected);
        }
    }

    private static Row withoutVersion(Row row) {
        Map<String, Object> columns = new HashMap<>(row.columns());
        columns.remove(Row.VERSION_COLUMN);
        return Row.of(columns);
    }
}
