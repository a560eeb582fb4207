package io.ovsnet.ovsdb.vswitch;

import io.ovsnet.ovsdb.notation.Column;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import java.util.Map;

/**
 * What every typed row of this package has: the {@code _uuid}, and the free-form
 * {@code external_ids} and {@code other_config} maps that each table of the Open_vSwitch schema
 * carries. The column constants are reached through the table, as {@code Bridge.EXTERNAL_IDS}.
 */
interface VSwitchRow {
    /** Free-form keys for the software that manages OVS; ovsnet keeps its own keys here. */
    Column<Map<String, String>> EXTERNAL_IDS = Column.stringMap("external_ids");
    /** Free-form configuration that ovs-vswitchd or ovsdb-server reads. */
    Column<Map<String, String>> OTHER_CONFIG = Column.stringMap("other_config");

    Row row();

    default Uuid uuid() {
        return row().uuid();
    }

    default Map<String, String> externalIds() {
        return row().get(EXTERNAL_IDS);
    }

    default Map<String, String> otherConfig() {
        return row().get(OTHER_CONFIG);
    }
}
