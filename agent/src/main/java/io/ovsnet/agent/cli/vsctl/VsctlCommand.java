package io.ovsnet.agent.cli.vsctl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code ovsnet vsctl}: the read-only commands of ovs-vsctl 3.1, with ovs-vsctl's output, error
 * messages and exit statuses byte for byte, over a local or remote database ({@code --db}).
 *
 * <p>The arguments are ovs-vsctl's, parsed by ovs-vsctl's rules rather than picocli's, so every
 * word after {@code vsctl} is handed over as it is. Errors are printed with ovs-vsctl's own
 * prefix, {@code ovs-vsctl: }, so that output and scripts written for ovs-vsctl see identical
 * bytes. Commands that would change the database are refused with exit status 1.
 */
@Command(name = "vsctl",
        description = "Read-only ovs-vsctl: show, list-br, br-exists, br-to-vlan, br-to-parent, list-ports, "
                + "list-ifaces, port-to-br, iface-to-br, list, find, get and the get-* commands; "
                + "same output as ovs-vsctl 3.1.",
        modelTransformer = VsctlCommand.RawArguments.class)
public final class VsctlCommand implements Callable<Integer> {

    /**
     * Makes picocli pass every argument through untouched: options become positional
     * parameters, {@code --} is kept (it separates ovs-vsctl commands), and {@code @word} is
     * not read as an argument file.
     */
    static final class RawArguments implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().unmatchedOptionsArePositionalParams(true)
                    .endOfOptionsDelimiter("\0")
                    .expandAtFiles(false);
            return spec;
        }
    }

    private static final String CLIENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.ovsnet.ovsdb";

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "ovs-vsctl options and commands")
    List<String> args = List.of();

    /**
     * Runs {@code ovsnet vsctl ARGS} without the rest of the {@code ovsnet} command tree; kept for
     * launchers that name this class ({@link VsctlMain} also leaves out picocli).
     */
    public static void main(String[] args) {
        VsctlMain.main(args);
    }

    @Override
    public Integer call() {
        return run(args);
    }

    /** Runs the arguments after {@code vsctl}; returns the exit status. */
    static int run(List<String> args) {
        // ovs-vsctl prints nothing but results and errors; keep the client's INFO logging quiet
        // unless the user configured it (takes effect when logging starts, i.e. in a fresh JVM).
        if (System.getProperty(CLIENT_LOG_LEVEL) == null) {
            System.setProperty(CLIENT_LOG_LEVEL, "warn");
        }
        return new Vsctl(VswitchReaders::open).run(args, System.out, System.err);
    }
}
