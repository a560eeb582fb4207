package io.ovsnet.agent.cli.vsctl;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads from one OVSDB server what an invocation needs: the schema of {@code Open_vSwitch}, then
 * chosen columns of chosen tables in one transaction. Both calls only read; calling them again
 * is harmless.
 */
interface VswitchReader extends AutoCloseable {

    /** The database ovs-vsctl works on. */
    String DATABASE = "Open_vSwitch";

    /** Opens a connection; failures are {@link VsctlException}s in ovs-vsctl's words. */
    @FunctionalInterface
    interface Factory {
        VswitchReader open(String remote, Optional<Invocation.TlsFiles> tls);
    }

    /**
     * Announces, before {@link #schema()}, what a later {@link #select} will likely ask for: the
     * columns of each table, or every column of the tables in {@code allColumnsOf}. A reader may
     * request them early, and must check that the select asks for exactly that. Optional.
     */
    default void prefetch(Map<String, List<String>> columnsByTable, java.util.Set<String> allColumnsOf) {
    }

    VsctlSchema schema();

    /**
     * Selects the given columns of each table (the UUID always comes too), each table's rows in
     * the order the server returns them; {@code schema} is what {@link #schema()} returned.
     */
    Map<String, List<DbRow>> select(VsctlSchema schema, Map<String, List<String>> columnsByTable);

    @Override
    void close();
}
