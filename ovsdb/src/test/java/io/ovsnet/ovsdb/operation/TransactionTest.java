package io.ovsnet.ovsdb.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovsnet.ovsdb.OvsdbException;
import io.ovsnet.ovsdb.notation.Condition;
import io.ovsnet.ovsdb.notation.MalformedJsonException;
import io.ovsnet.ovsdb.notation.Mutation;
import io.ovsnet.ovsdb.notation.NamedUuid;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transactions: params, results by handle, and failures. The replies marked "real" were produced by
 * ovsdb-server 3.1 for the same operations (vswitch.ovsschema).
 */
class TransactionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TransactionResult result(Transaction tx, String json) throws Exception {
        return tx.result(MAPPER.readTree(json));
    }

    @Test
    void paramsStartWithTheDatabase() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(new Comment("x"));
        tx.add(Delete.from("Bridge").where(Condition.eq("name", "b")));
        assertThat(MAPPER.writeValueAsString(tx.params())).isEqualTo("[\"Open_vSwitch\",{\"op\":\"comment\",\"comment\":\"x\"},"
                + "{\"op\":\"delete\",\"table\":\"Bridge\",\"where\":[[\"name\",\"==\",\"b\"]]}]");
        assertThat(MAPPER.writeValueAsString(Transaction.on("db").params())).isEqualTo("[\"db\"]");
    }

    @Test
    void resultsAreFoundByHandle() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        Handle<Uuid> bridge = tx.add(Insert.into("Bridge").set("name", "x"));
        Handle<Void> comment = tx.add(new Comment("hi"));
        Handle<Void> commit = tx.add(new Commit(false));
        Handle<List<Row>> select = tx.add(Select.from("Bridge").columns("name"));
        Handle<Integer> mutate = tx.add(Mutate.table("Open_vSwitch").mutation(Mutation.sum("next_cfg", 1)));
        TransactionResult result = result(tx, "[{\"uuid\":[\"uuid\",\"ef73b944-7187-44c6-9cb3-b05cf603207f\"]},{},{},"
                + "{\"rows\":[{\"name\":\"x\"}]},{\"count\":1}]");
        assertThat(result.get(bridge)).isEqualTo(Uuid.parse("ef73b944-7187-44c6-9cb3-b05cf603207f"));
        assertThat(result.get(select)).extracting(r -> r.getString("name")).containsExactly("x");
        assertThat(result.get(mutate)).isEqualTo(1);
        assertThat(result.get(comment)).isNull();
        assertThat(result.get(commit)).isNull();
    }

    @Test
    void handleOfAnotherTransactionIsRefused() throws Exception {
        Transaction a = Transaction.on("db");
        Transaction b = Transaction.on("db");
        a.add(new Comment("a"));
        Handle<Void> foreign = b.add(new Comment("b"));
        TransactionResult result = result(a, "[{}]");
        assertThatThrownBy(() -> result.get(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failedOperationNamesItsIndexAndError() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(Insert.into("Open_vSwitch"));
        Wait wait = Wait.until("Bridge", Wait.Until.EQUALS, List.of("name"), List.of(Row.builder().set("name", "zz").build()))
                .timeout(0);
        tx.add(wait);
        tx.add(new Comment("never run"));
        // real (the server leaves the rest of the array out, or null):
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> result(tx,
                "[{\"uuid\":[\"uuid\",\"ce97c412-49e0-432f-bee0-6ba30564ee37\"]},"
                        + "{\"details\":\"\\\"where\\\" clause test failed\",\"error\":\"timed out\"},null]"));
        assertThat(e.error()).isEqualTo("timed out");
        assertThat(e.details()).contains("\"where\" clause test failed");
        assertThat(e.operationIndex()).hasValue(1);
        assertThat(e.operation()).contains(wait);
        assertThat(e.isCommitFailure()).isFalse();
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).isInstanceOf(OvsdbException.class).hasMessageContaining("timed out")
                .hasMessageContaining("operation 1 (wait)");
    }

    @Test
    void notOwnerIsNotRetryable() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(Insert.into("Bridge").set("name", "x"));
        tx.add(new Assert("foo"));
        // real:
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> result(tx,
                "[{\"uuid\":[\"uuid\",\"ef73b944-7187-44c6-9cb3-b05cf603207f\"]},"
                        + "{\"details\":\"Asserted lock foo not held.\",\"error\":\"not owner\"}]"));
        assertThat(e.error()).isEqualTo("not owner");
        assertThat(e.operationIndex()).hasValue(1);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void trailingErrorIsACommitFailure() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(Insert.into("Open_vSwitch").set("bridges", new NamedUuid("b")));
        tx.add(Insert.into("Bridge").set("name", "q").withUuidName("b"));
        tx.add(Insert.into("Bridge").set("name", "q").withUuidName("c"));
        tx.add(Mutate.table("Open_vSwitch").mutation(Mutation.insert("bridges", new NamedUuid("c"))));
        // real: every operation succeeded, then the unique index on Bridge.name refused the commit.
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> result(tx,
                "[{\"uuid\":[\"uuid\",\"08287633-33ef-4db0-92c4-fb79b469b6e3\"]},"
                        + "{\"uuid\":[\"uuid\",\"bedbd635-8b56-4501-b95d-8d2466e1f07e\"]},"
                        + "{\"uuid\":[\"uuid\",\"3878b95b-e9e0-4ebd-a67e-02be506db5e7\"]},{\"count\":1},"
                        + "{\"details\":\"Transaction causes multiple rows in \\\"Bridge\\\" table to have identical values (q) "
                        + "for index on column \\\"name\\\".\",\"error\":\"constraint violation\"}]"));
        assertThat(e.error()).isEqualTo("constraint violation");
        assertThat(e.details()).hasValueSatisfying(d -> assertThat(d).contains("identical values (q)"));
        assertThat(e.isCommitFailure()).isTrue();
        assertThat(e.operationIndex()).isEmpty();
        assertThat(e.operation()).isEmpty();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e).hasMessageContaining("at commit");
    }

    @Test
    void referentialIntegrityViolationAtCommit() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(Insert.into("Open_vSwitch").set("bridges", Uuid.parse("11111111-2222-3333-4444-000000000000")));
        // real:
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> result(tx,
                "[{\"uuid\":[\"uuid\",\"ce55e450-49a6-4e51-8439-42c97280873c\"]},{\"details\":\"Table Open_vSwitch column "
                        + "bridges row ce55e450-49a6-4e51-8439-42c97280873c references nonexistent row "
                        + "11111111-2222-3333-4444-000000000000 in table Bridge.\",\"error\":\"referential integrity violation\"}]"));
        assertThat(e.error()).isEqualTo("referential integrity violation");
        assertThat(e.isCommitFailure()).isTrue();
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void abortFailsTheTransaction() throws Exception {
        Transaction tx = Transaction.on("Open_vSwitch");
        tx.add(new Abort());
        // real:
        TransactionException e = catchThrowableOfType(TransactionException.class,
                () -> result(tx, "[{\"details\":\"aborted by request\",\"error\":\"aborted\"}]"));
        assertThat(e.error()).isEqualTo("aborted");
        assertThat(e.operationIndex()).hasValue(0);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void errorWithoutDetails() throws Exception {
        Transaction tx = Transaction.on("db");
        tx.add(new Comment("c"));
        TransactionException e = catchThrowableOfType(TransactionException.class,
                () -> result(tx, "[{},{\"error\":\"cluster error\"}]"));
        assertThat(e.details()).isEmpty();
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void retryClassification() {
        for (String error : List.of("timed out", "not leader", "cluster error", "resources exhausted", "I/O error")) {
            assertThat(TransactionException.isRetryable(error)).as(error).isTrue();
        }
        for (String error : List.of("not owner", "constraint violation", "referential integrity violation", "aborted",
                "duplicate uuid", "duplicate uuid-name", "syntax error", "unknown database", "permission error",
                "domain error", "range error", "something new")) {
            assertThat(TransactionException.isRetryable(error)).as(error).isFalse();
        }
    }

    @Test
    void malformedResultsAreRefused() {
        Transaction tx = Transaction.on("db");
        tx.add(Insert.into("T"));
        tx.add(new Comment("c"));
        assertThatThrownBy(() -> result(tx, "{}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> result(tx, "[{\"uuid\":[\"uuid\",\"ef73b944-7187-44c6-9cb3-b05cf603207f\"]}]"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("1 elements for 2 operations");
        assertThatThrownBy(() -> result(tx, "[{\"uuid\":[\"uuid\",\"ef73b944-7187-44c6-9cb3-b05cf603207f\"]},null]"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("operation 1");
        assertThatThrownBy(() -> result(tx, "[{},{}]"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("uuid");
    }
}
