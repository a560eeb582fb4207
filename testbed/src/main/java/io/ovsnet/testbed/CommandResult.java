package io.ovsnet.testbed;

import java.util.List;

/**
 * The outcome of one finished command: its exit code and captured output.
 *
 * @param command the command line as run
 * @param exitCode the exit status (0 means success)
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result if the command succeeded.
     *
     * @throws TestbedException naming the command, its exit code and its output otherwise
     */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new TestbedException("command failed with exit code " + exitCode + ": "
                    + String.join(" ", command) + "\nstdout: " + stdout.strip()
                    + "\nstderr: " + stderr.strip());
        }
        return this;
    }
}
