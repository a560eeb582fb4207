package io.ovsnet.agent.cli;

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
        description = "A multi-host container overlay network on Open vSwitch.")
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used by tests to run commands in-process. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl;
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
