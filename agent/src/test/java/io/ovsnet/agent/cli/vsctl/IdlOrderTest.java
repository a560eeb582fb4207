package io.ovsnet.agent.cli.vsctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Row order of {@code list}: the files hold the UUIDs of Interface tables in the order the real
 * ovs-vsctl 3.1 listed them ({@code ovs-vsctl --bare --columns=_uuid list Interface}).
 */
class IdlOrderTest {

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = IdlOrderTest.class.getResourceAsStream("/vsctl/" + name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"idl-order-46.txt", "idl-order-301.txt"})
    void replaysOvsVsctlOrderWhateverTheInputOrder(String file) throws IOException {
        List<String> expected = resource(file);
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(7));
        List<DbRow> rows = new ArrayList<>();
        for (String uuid : shuffled) {
            rows.add(new DbRow(uuid, Map.of()));
        }
        List<DbRow> ordered = IdlOrder.arrange(Map.of("Interface", rows), SnapshotFixture.SCHEMA).get("Interface");
        assertThat(ordered.stream().map(DbRow::uuid).toList()).isEqualTo(expected);
    }
}
