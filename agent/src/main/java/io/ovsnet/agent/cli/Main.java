package io.ovsnet.agent.cli;

import io.ovsnet.agent.cli.store.LeaseCommand;
import io.ovsnet.agent.cli.store.NetworkCommand;
import io.ovsnet.agent.cli.store.StoreCommand;
import io.ovsnet.agent.cli.status.HostCommand;
import io.ovsnet.agent.cli.status.StatusCommand;
import io.ovsnet.agent.cli.vsctl.VsctlCommand;
import io.ovsnet.agent.daemon.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ovsnet} command. Each subcommand lives in its own class; this one only wires them
 * together and turns every failure into one line on standard error and a non-zero exit.
 */
@Command(
        name = "ovsnet",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            AgentCommand.class,
            NetworkCommand.class,
            LeaseCommand.class,
            StoreCommand.class,
            HostCommand.class,
            StatusCommand.class,
            VsctlCommand.class,
        },
        description = "A multi-host container overlay network on Open vSwitch.")
public final class Main {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    public static void main(String[] args) {
        // A command's output is its answer; the libraries' progress messages would only clutter
        // it. The agent sets its own level (--log-level) before its first log line.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used by tests to run commands in-process. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        withHelpEverywhere(cl);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl;
    }

    /**
     * {@code --help} on every command, however deep, so that no one meets "Unknown option:
     * '--help'" — except commands that parse their own arguments (vsctl, which answers as
     * ovs-vsctl does).
     */
    private static void withHelpEverywhere(CommandLine cl) {
        boolean parsesOwnArguments = cl.getCommandSpec().parser().unmatchedOptionsArePositionalParams();
        if (!parsesOwnArguments && !cl.getCommandSpec().mixinStandardHelpOptions()) {
            cl.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cl.getSubcommands().values().forEach(Main::withHelpEverywhere);
    }

    /** Prints a failure as one line naming what went wrong, never as a stack trace. */
    static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            cl.getErr().println("ovsnet: " + message);
            cl.getErr().flush();
            return cl.getExitCodeExceptionMapper() != null
                    ? cl.getExitCodeExceptionMapper().getExitCode(e)
                    : 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ovsnet " + (v == null ? "(development build)" : v)};
        }
    }
}
