package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared store: standalone and 3-member Raft cluster, driven by ovsdb-client. */
class StoreIT {
    private static final Path SCHEMA = Path.of("src/test/resources/ledger.ovsschema");

    private static String insert(String key) {
        return "[\"Ledger\",{\"op\":\"insert\",\"table\":\"Entry\",\"row\":{\"key\":\"" + key + "\",\"value\":1}}]";
    }

    private static String count(Store store) {
        return store.transact("[\"Ledger\",{\"op\":\"select\",\"table\":\"Entry\",\"where\":[],"
                + "\"columns\":[\"key\"]}]").orThrow().stdout();
    }

    @Test
    void standaloneAcceptsTransactionsOnTcpAndUnixRemotes() {
        Store store;
        try (Store running = Store.standalone(SCHEMA)) {
            store = running;
            assertThat(store.databaseName()).isEqualTo("Ledger");
            assertThat(store.members()).hasSize(1);
            assertThat(store.remote()).matches("tcp:127\\.0\\.0\\.1:\\d+");
            assertThat(store.transact(insert("a")).orThrow().stdout()).contains("\"uuid\"").doesNotContain("error");

            CommandResult viaUnix = CommandRunner.local().check("ovsdb-client", "transact", store.unixRemote(),
                    insert("a"));
            assertThat(viaUnix.stdout()).contains("constraint violation");
            assertThat(count(store)).contains("\"key\":\"a\"");
        }
        assertGone(store);
    }

    @Test
    void clusterSurvivesTheLossOfItsLeader() {
        Store store;
        try (Store running = Store.cluster(3, SCHEMA)) {
            store = running;
            assertThat(store.members()).hasSize(3);
            assertThat(store.remote().split(",")).hasSize(3).allMatch(r -> r.startsWith("tcp:127.0.0.1:"));
            assertThat(store.transact(insert("before")).orThrow().stdout()).doesNotContain("error");
            for (StoreMember member : store.members()) {
                CommandResult duplicate = CommandRunner.local().check("ovsdb-client", "transact",
                        member.unixRemote(), insert("before"));
                assertThat(duplicate.stdout()).as(member.name()).contains("constraint violation");
            }

            StoreMember oldLeader = store.leader();
            store.kill(oldLeader);
            assertThat(oldLeader.isRunning()).isFalse();
            StoreMember newLeader = store.awaitLeader();
            assertThat(newLeader).isNotSameAs(oldLeader);
            assertThat(store.transact(insert("after")).orThrow().stdout()).doesNotContain("error");

            store.restart(oldLeader);
            assertThat(oldLeader.isRunning()).isTrue();
            // A follower that has just come back catches up on the entries it missed.
            String select = "[\"Ledger\",{\"op\":\"select\",\"table\":\"Entry\",\"where\":[]}]";
            Poll.until("restarted member catching up", Duration.ofSeconds(10), oldLeader.log(),
                    () -> CommandRunner.local().check("ovsdb-client", "transact", oldLeader.unixRemote(), select)
                            .stdout().contains("\"after\""));
            assertThat(CommandRunner.local().check("ovsdb-client", "transact", oldLeader.unixRemote(), select)
                    .stdout()).contains("\"before\"", "\"after\"");
        }
        assertGone(store);
    }

    private static void assertGone(Store store) {
        List<StoreMember> members = store.members();
        assertThat(members).noneMatch(StoreMember::isRunning);
        assertThat(members).noneMatch(m -> Files.exists(m.databaseFile().getParent()));
    }
}
