package io.ovsnet.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServerDatabaseTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsAClusteredRowWithItsOptionalColumns() throws Exception {
        ServerDatabase db = ServerDatabase.fromJson(MAPPER.readTree("""
                {"name":"OVSNet","model":"clustered","connected":true,"leader":false,
                 "cid":["uuid","1bd2d4e4-a9b5-4e48-9df1-2d9d0d4fb0c1"],"index":42}"""));

        assertThat(db).isEqualTo(new ServerDatabase("OVSNet", "clustered", true, false,
                Optional.of("1bd2d4e4-a9b5-4e48-9df1-2d9d0d4fb0c1"), OptionalLong.of(42)));
        assertThat(db.isClustered()).isTrue();
    }

    @Test
    void readsAStandaloneRowWhoseOptionalColumnsAreEmptySets() throws Exception {
        ServerDatabase db = ServerDatabase.fromJson(MAPPER.readTree("""
                {"name":"Open_vSwitch","model":"standalone","connected":true,"leader":true,
                 "cid":["set",[]],"index":["set",[]]}"""));

        assertThat(db.clusterId()).isEmpty();
        assertThat(db.index()).isEmpty();
        assertThat(db.isClustered()).isFalse();
    }

    @Test
    void readsOneElementSetsAsTheirElement() throws Exception {
        ServerDatabase db = ServerDatabase.fromJson(MAPPER.readTree("""
                {"name":"X","model":"clustered","connected":false,"leader":false,
                 "cid":["set",[["uuid","1bd2d4e4-a9b5-4e48-9df1-2d9d0d4fb0c1"]]],"index":["set",[7]]}"""));

        assertThat(db.clusterId()).contains("1bd2d4e4-a9b5-4e48-9df1-2d9d0d4fb0c1");
        assertThat(db.index()).hasValue(7);
        assertThat(db.connected()).isFalse();
    }
}
