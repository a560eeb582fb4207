package io.ovsnet.ovsdb.monitor;

import static io.ovsnet.ovsdb.monitor.TableUpdatesTest.U1;
import static io.ovsnet.ovsdb.monitor.TableUpdatesTest.U2;
import static io.ovsnet.ovsdb.monitor.TableUpdatesTest.U3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.OvsdbMap;
import io.ovsnet.ovsdb.notation.OvsdbSet;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.schema.DatabaseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying update, update2 and update3 table updates, in particular the update2 "modify" diff. */
class ReplicaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCHEMA = "{\"name\":\"Test\",\"version\":\"1.0.0\",\"tables\":{\"T\":{\"columns\":{"
            + "\"name\":{\"type\":\"string\"},"
            + "\"n\":{\"type\":\"integer\"},"
            + "\"r\":{\"type\":\"real\"},"
            + "\"ref\":{\"type\":\"uuid\"},"
            + "\"opt\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
            + "\"tags\":{\"type\":{\"key\":\"string\",\"min\":0,\"max\":\"unlimited\"}},"
            + "\"refs\":{\"type\":{\"key\":\"uuid\",\"min\":0,\"max\":\"unlimited\"}},"
            + "\"ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\",\"min\":0,\"max\":\"unlimited\"}}}},"
            + "\"U\":{\"columns\":{\"name\":{\"type\":\"string\"}}}}}";

    private Replica replica;
    private final List<List<RowChange>> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        replica = new Replica(DatabaseSchema.parse(MAPPER.readTree(SCHEMA)));
        replica.addListener(notified::add);
    }

    private void apply(String json, UpdateFormat format) throws Exception {
        replica.apply(TableUpdates.parse(MAPPER.readTree(json), format));
    }

    private void apply2(String json) throws Exception {
        apply(json, UpdateFormat.UPDATE2);
    }

    private Row row(String uuid) {
        return replica.row("T", Uuid.parse(uuid)).orElseThrow(() -> new AssertionError("no row " + uuid));
    }

    /** Inserts U1 with tags {a, b}, opt 5, ids {k1=v1, k2=v2}, refs {U2}. */
    private void insertU1() throws Exception {
        apply2("{\"T\":{\"" + U1 + "\":{\"initial\":{\"name\":\"one\",\"n\":1,\"tags\":[\"set\",[\"a\",\"b\"]],\"opt\":5,"
                + "\"ids\":[\"map\",[[\"k1\",\"v1\"],[\"k2\",\"v2\"]]],\"refs\":[\"uuid\",\"" + U2 + "\"]}}}}");
    }

    @Test
    void initialRowsAreCanonicalAndComplete() throws Exception {
        insertU1();
        Row row = row(U1);
        assertThat(row.uuid()).isEqualTo(Uuid.parse(U1));
        assertThat(row.get("opt")).isEqualTo(OvsdbSet.of(5L));
        assertThat(row.get("refs")).isEqualTo(OvsdbSet.of(Uuid.parse(U2)));
        // omitted because they hold their defaults:
        assertThat(row.get("r")).isEqualTo(0.0);
        assertThat(row.get("ref")).isEqualTo(Uuid.parse("00000000-0000-0000-0000-000000000000"));
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0)).singleElement().satisfies(c -> {
            assertThat(c.isInsert()).isTrue();
            assertThat(c.table()).isEqualTo("T");
            assertThat(c.after()).contains(row);
        });
    }

    @Test
    void setDiffTogglesElementsWrittenAsBareAtom() throws Exception {
        insertU1();
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"tags\":\"a\"}}}}");
        assertThat(row(U1).get("tags")).isEqualTo(OvsdbSet.of("b"));
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"tags\":\"c\"}}}}");
        assertThat(row(U1).get("tags")).isEqualTo(OvsdbSet.of("b", "c"));
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"tags\":[\"set\",[\"b\",\"d\"]],\"refs\":[\"uuid\",\"" + U2 + "\"]}}}}");
        assertThat(row(U1).get("tags")).isEqualTo(OvsdbSet.of("c", "d"));
        assertThat(row(U1).get("refs")).isEqualTo(OvsdbSet.of());
    }

    @Test
    void optionalColumnDiffIsTheNewValue() throws Exception {
        // max 1: ovsdb-server sends the new contents, not the symmetric difference (seen in ReplicaServerIT).
        insertU1();
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"opt\":7}}}}");
        assertThat(row(U1).get("opt")).isEqualTo(OvsdbSet.of(7L));
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"opt\":7}}}}");
        assertThat(row(U1).get("opt")).as("the same value again is no toggle").isEqualTo(OvsdbSet.of(7L));
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"opt\":[\"set\",[]]}}}}");
        assertThat(row(U1).get("opt")).isEqualTo(OvsdbSet.of());
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"opt\":9}}}}");
        assertThat(row(U1).get("opt")).isEqualTo(OvsdbSet.of(9L));
    }

    @Test
    void mapDiffAddsRemovesAndReplacesKeys() throws Exception {
        insertU1();
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"ids\":[\"map\",[[\"k1\",\"v1\"],[\"k2\",\"changed\"],[\"k3\",\"new\"]]]}}}}");
        assertThat(row(U1).get("ids")).isEqualTo(OvsdbMap.of("k2", "changed", "k3", "new"));
    }

    @Test
    void scalarDiffReplacesTheValue() throws Exception {
        insertU1();
        // A bare atom in a scalar column is the new value, not an element to toggle.
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"name\":\"renamed\",\"n\":1,\"r\":2,\"ref\":[\"uuid\",\"" + U3 + "\"]}}}}");
        Row row = row(U1);
        assertThat(row.getString("name")).isEqualTo("renamed");
        assertThat(row.getLong("n")).isEqualTo(1);
        assertThat(row.get("r")).isEqualTo(2.0);
        assertThat(row.getUuid("ref")).isEqualTo(Uuid.parse(U3));
        assertThat(row.get("tags")).isEqualTo(OvsdbSet.of("a", "b"));
    }

    @Test
    void modifyIsReportedWithBeforeAndAfter() throws Exception {
        insertU1();
        Row before = row(U1);
        apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"name\":\"x\"}}}}");
        assertThat(notified).hasSize(2);
        RowChange change = notified.get(1).get(0);
        assertThat(change.isModify()).isTrue();
        assertThat(change.before()).contains(before);
        assertThat(change.after()).contains(row(U1));
    }

    @Test
    void deleteRemovesTheRow() throws Exception {
        insertU1();
        Row before = row(U1);
        apply2("{\"T\":{\"" + U1 + "\":{\"delete\":null}}}");
        assertThat(replica.table("T")).isEmpty();
        assertThat(notified.get(1)).singleElement().satisfies(c -> {
            assertThat(c.isDelete()).isTrue();
            assertThat(c.before()).contains(before);
        });
        apply2("{\"T\":{\"" + U1 + "\":{\"delete\":null}}}");
        assertThat(notified).as("deleting a missing row changes nothing").hasSize(2);
    }

    @Test
    void updateFormatMergesNewValues() throws Exception {
        apply("{\"T\":{\"" + U1 + "\":{\"new\":{\"name\":\"p\",\"n\":1,\"tags\":\"a\"}}}}", UpdateFormat.UPDATE);
        assertThat(row(U1).get("tags")).isEqualTo(OvsdbSet.of("a"));
        apply("{\"T\":{\"" + U1 + "\":{\"old\":{\"n\":1},\"new\":{\"name\":\"p\",\"n\":2,\"tags\":\"a\"}}}}", UpdateFormat.UPDATE);
        assertThat(row(U1).getLong("n")).isEqualTo(2);
        assertThat(row(U1).get("tags")).as("UPDATE's new values replace, never toggle").isEqualTo(OvsdbSet.of("a"));
        apply("{\"T\":{\"" + U1 + "\":{\"old\":{\"name\":\"p\",\"n\":2}}}}", UpdateFormat.UPDATE);
        assertThat(replica.table("T")).isEmpty();
    }

    @Test
    void badUpdateChangesNothing() throws Exception {
        insertU1();
        Row before = row(U1);
        // The first row update is fine, the second modifies a row the replica does not have.
        assertThatThrownBy(() -> apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"name\":\"changed\"}},"
                + "\"" + U2 + "\":{\"modify\":{\"name\":\"x\"}}}}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining(U2);
        assertThatThrownBy(() -> apply2("{\"T\":{\"" + U1 + "\":{\"modify\":{\"n\":\"not a number\"}}}}"))
                .isInstanceOf(MalformedJsonException.class);
        assertThat(row(U1)).isEqualTo(before);
        assertThat(notified).hasSize(1);
    }

    @Test
    void resetThenApplyReportsOnlyDifferences() throws Exception {
        insertU1();
        apply2("{\"U\":{\"" + U2 + "\":{\"insert\":{\"name\":\"gone soon\"}}}}");
        replica.lastTransactionId("txn-1");
        Row unchanged = row(U1);
        replica.reset();
        assertThat(replica.lastTransactionId()).isEmpty();
        assertThat(replica.table("T")).as("old rows stay readable until the resync").hasSize(1);
        notified.clear();
        apply2("{\"T\":{\"" + U1 + "\":{\"initial\":{\"name\":\"one\",\"n\":1,\"tags\":[\"set\",[\"a\",\"b\"]],\"opt\":5,"
                + "\"ids\":[\"map\",[[\"k1\",\"v1\"],[\"k2\",\"v2\"]]],\"refs\":[\"uuid\",\"" + U2 + "\"]}},"
                + "\"" + U3 + "\":{\"initial\":{\"name\":\"three\"}}}}");
        assertThat(row(U1)).isEqualTo(unchanged);
        assertThat(replica.table("U")).isEmpty();
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0)).hasSize(2)
                .anySatisfy(c -> assertThat(c.isInsert() && c.uuid().equals(Uuid.parse(U3))).isTrue())
                .anySatisfy(c -> assertThat(c.isDelete() && c.table().equals("U")).isTrue());
    }

    @Test
    void lastTransactionIdIsKept() {
        assertThat(replica.lastTransactionId()).isEmpty();
        replica.lastTransactionId("5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5");
        assertThat(replica.lastTransactionId()).contains("5f7ae8d0-1c2b-43aa-9e0f-77c1d2e3f4a5");
    }

    @Test
    void snapshotsDoNotChangeLater() throws Exception {
        insertU1();
        Map<Uuid, Row> snapshot = replica.table("T");
        apply2("{\"T\":{\"" + U1 + "\":{\"delete\":null}}}");
        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void failingListenerDoesNotStopOthers() throws Exception {
        List<RowChange> seen = new ArrayList<>();
        replica.addListener(changes -> {
            throw new IllegalStateException("listener bug");
        });
        replica.addListener(seen::addAll);
        insertU1();
        assertThat(seen).hasSize(1);
        assertThat(notified).hasSize(1);
    }

    @Test
    void concurrentAppliesAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String uuid = String.format("00000000-0000-0000-0000-%012d", i);
                futures.add(pool.submit(() -> {
                    apply2("{\"T\":{\"" + uuid + "\":{\"insert\":{\"name\":\"r\"}}}}");
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(replica.table("T")).hasSize(400);
        assertThat(notified).hasSize(400);
    }
}
