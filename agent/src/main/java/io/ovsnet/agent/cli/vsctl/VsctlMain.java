package io.ovsnet.agent.cli.vsctl;

import java.util.Arrays;

/**
 * {@code ovsnet vsctl} as a program of its own, for the launcher (scripts/ovsnet): the same
 * command as {@link VsctlCommand} without the picocli command tree, whose start-up would be most
 * of a one-shot command's run time.
 */
public final class VsctlMain {
    private VsctlMain() {
    }

    public static void main(String[] args) {
        System.exit(VsctlCommand.run(Arrays.asList(args)));
    }
}
