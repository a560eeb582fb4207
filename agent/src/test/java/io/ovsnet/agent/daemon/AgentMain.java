package io.ovsnet.agent.daemon;

import picocli.CommandLine;

/**
 * Runs {@link AgentCommand} as a process of its own, so that a test can {@code kill -9} it (the
 * product runs it as {@code ovsnet agent}).
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }
}
