package io.ovsnet.ovsdb.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.vswitch.Bridge;
import io.ovsnet.ovsdb.vswitch.OpenVSwitch;
import io.ovsnet.ovsdb.vswitch.VSwitchSchema;
import io.ovsnet.testbed.Store;
import io.ovsnet.testbed.TestbedExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operations built by this library, executed by a real ovsdb-server (a fresh database per test). */
@Timeout(60)
class TransactionServerIT {
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final String DB = VSwitchSchema.DATABASE;

    @RegisterExtension
    final TestbedExtension<Store> store = TestbedExtension.of(() -> Store.standalone(SCHEMA));

    private ServerSession session;

    @BeforeEach
    void connect() throws Exception {
        session = new ServerSession(store.get().unixRemote(), n -> { });
    }

    @AfterEach
    void disconnect() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void everyOperationRunsAndIsFoundByHandle() throws Exception {
        Transaction tx = Transaction.on(DB);
        Insert bridge = Bridge.insert("br0").withUuidName("br0");
        Handle<Uuid> bridgeUuid = tx.add(bridge);
        Handle<Uuid> root = tx.add(Insert.into(OpenVSwitch.TABLE).set(OpenVSwitch.BRIDGES, Set.of(bridge.ref())));
        Handle<Void> comment = tx.add(new Comment("ovsnet TransactionServerIT"));
        Handle<Void> commit = tx.add(new Commit(true));
        Handle<Integer> updated = tx.add(Bridge.update("br0").set(Bridge.DATAPATH_TYPE, "netdev"));
        Handle<Integer> mutated = tx.add(OpenVSwitch.incrementNextCfg());
        Handle<List<Row>> selected = tx.add(Select.from(Bridge.TABLE).columns("_uuid", "name", "datapath_type"));
        TransactionResult result = session.transact(tx);
        assertThat(result.get(updated)).isEqualTo(1);
        assertThat(result.get(mutated)).isEqualTo(1);
        assertThat(result.get(comment)).isNull();
        assertThat(result.get(commit)).isNull();
        assertThat(result.get(root)).isNotEqualTo(result.get(bridgeUuid));
        assertThat(result.get(selected)).singleElement().satisfies(r -> {
            assertThat(r.uuid()).isEqualTo(result.get(bridgeUuid));
            assertThat(r.getString("datapath_type")).isEqualTo("netdev");
        });

        Transaction delete = Transaction.on(DB);
        Handle<Integer> deleted = delete.add(Delete.from(OpenVSwitch.TABLE));
        Handle<Integer> again = delete.add(Delete.from(OpenVSwitch.TABLE));
        TransactionResult deletion = session.transact(delete);
        assertThat(deletion.get(deleted)).isEqualTo(1);
        assertThat(deletion.get(again)).as("delete is idempotent").isZero();
    }

    @Test
    void waitGuardsTheTransaction() throws Exception {
        Transaction setup = Transaction.on(DB);
        setup.add(Insert.into(OpenVSwitch.TABLE).set(OpenVSwitch.NEXT_CFG, 7));
        session.transact(setup);

        Transaction stale = Transaction.on(DB);
        Wait guard = Wait.until(OpenVSwitch.TABLE, Wait.Until.EQUALS, List.of("next_cfg"),
                List.of(Row.builder().set("next_cfg", 6).build())).timeout(0);
        stale.add(guard);
        stale.add(OpenVSwitch.incrementNextCfg());
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> session.transact(stale));
        assertThat(e.error()).isEqualTo("timed out");
        assertThat(e.operation()).contains(guard);
        assertThat(e.isRetryable()).isTrue();

        Transaction fresh = Transaction.on(DB);
        Handle<Void> ok = fresh.add(Wait.until(OpenVSwitch.TABLE, Wait.Until.NOT_EQUALS, List.of("next_cfg"),
                List.of(Row.builder().set("next_cfg", 6).build())).timeout(0));
        Handle<Integer> bumped = fresh.add(OpenVSwitch.incrementNextCfg());
        TransactionResult result = session.transact(fresh);
        assertThat(result.get(ok)).isNull();
        assertThat(result.get(bumped)).isEqualTo(1);
    }

    @Test
    void assertAbortAndDuplicates() throws Exception {
        Transaction locked = Transaction.on(DB);
        locked.add(new Assert("ovsnet_not_held"));
        TransactionException notOwner = catchThrowableOfType(TransactionException.class, () -> session.transact(locked));
        assertThat(notOwner.error()).isEqualTo("not owner");
        assertThat(notOwner.operationIndex()).hasValue(0);

        Transaction aborted = Transaction.on(DB);
        aborted.add(Insert.into(OpenVSwitch.TABLE));
        aborted.add(new Abort());
        TransactionException abort = catchThrowableOfType(TransactionException.class, () -> session.transact(aborted));
        assertThat(abort.error()).isEqualTo("aborted");
        assertThat(abort.operationIndex()).hasValue(1);

        Transaction twice = Transaction.on(DB);
        twice.add(Bridge.insert("a").withUuidName("x"));
        twice.add(Bridge.insert("b").withUuidName("x"));
        TransactionException duplicate = catchThrowableOfType(TransactionException.class, () -> session.transact(twice));
        assertThat(duplicate.error()).isEqualTo("duplicate uuid-name");
        assertThat(duplicate.isRetryable()).isFalse();

        Transaction dangling = Transaction.on(DB);
        dangling.add(Insert.into(OpenVSwitch.TABLE).set(OpenVSwitch.BRIDGES, Set.of(new NamedUuid("nowhere"))));
        TransactionException unknownName = catchThrowableOfType(TransactionException.class, () -> session.transact(dangling));
        // The server turns an undefined uuid-name into a fresh UUID that references nothing.
        assertThat(unknownName.error()).isEqualTo("referential integrity violation");
        assertThat(unknownName.isCommitFailure()).isTrue();
        assertThat(unknownName.isRetryable()).isFalse();
    }

    @Test
    void uniqueIndexViolationIsACommitFailure() throws Exception {
        Transaction tx = Transaction.on(DB);
        Insert a = Bridge.insert("dup").withUuidName("a");
        Insert b = Bridge.insert("dup").withUuidName("b");
        tx.add(a);
        tx.add(b);
        tx.add(Insert.into(OpenVSwitch.TABLE).set(OpenVSwitch.BRIDGES, Set.of(a.ref(), b.ref())));
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> session.transact(tx));
        assertThat(e.error()).isEqualTo("constraint violation");
        assertThat(e.isCommitFailure()).isTrue();
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void explicitUuidIsHonoured() throws Exception {
        Uuid wanted = Uuid.parse("11111111-2222-3333-4444-555555555555");
        Transaction tx = Transaction.on(DB);
        Handle<Uuid> handle = tx.add(Insert.into(OpenVSwitch.TABLE).withUuid(wanted));
        Handle<List<Row>> rows = tx.add(Select.from(OpenVSwitch.TABLE).where(Condition.uuidEquals(wanted)).columns("_uuid"));
        TransactionResult result = session.transact(tx);
        assertThat(result.get(handle)).isEqualTo(wanted);
        assertThat(result.get(rows)).singleElement().satisfies(r -> assertThat(r.uuid()).isEqualTo(wanted));
    }
}
