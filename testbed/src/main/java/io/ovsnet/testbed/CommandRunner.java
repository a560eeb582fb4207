package io.ovsnet.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands (ip, ovs-vsctl, docker ...) to completion with a bounded wait and
 * captures their output. An instance adds a fixed prefix (such as {@code ip netns exec NS}) and
 * environment to every command.
 */
public final class CommandRunner {
    private final List<String> prefix;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param prefix words put in front of every command (empty for none)
     * @param environment variables added to the inherited environment
     * @param timeout how long a command may run before it is killed and reported as failed
     */
    public CommandRunner(List<String> prefix, Map<String, String> environment, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** A runner in the current namespaces with the inherited environment and a 30 s timeout. */
    public static CommandRunner local() {
        return new CommandRunner(List.of(), Map.of(), Duration.ofSeconds(30));
    }

    /** A runner like this one whose commands are also prefixed by {@code words}. */
    public CommandRunner within(List<String> words) {
        List<String> combined = new ArrayList<>(prefix);
        combined.addAll(words);
        return new CommandRunner(combined, environment, timeout);
    }

    /** The full command line this runner would execute for {@code command}. */
    public List<String> commandLine(List<String> command) {
        List<String> line = new ArrayList<>(prefix);
        line.addAll(command);
        return line;
    }

    /** The environment variables this runner adds. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Runs {@code command} and returns its result whatever the exit code. */
    public CommandResult run(String... command) {
        return run(List.of(command));
    }

    /**
     * Runs {@code command} and returns its result whatever the exit code.
     *
     * @throws TestbedException if it cannot be started or does not finish within the timeout
     */
    public CommandResult run(List<String> command) {
        List<String> line = commandLine(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TestbedException("cannot start " + String.join(" ", line) + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TestbedException("command did not finish within " + timeout.toSeconds()
                        + " s: " + String.join(" ", line));
            }
            return new CommandResult(line, process.exitValue(), finish(stdout), finish(stderr));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while running " + String.join(" ", line), e);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} and returns its result if it exits with 0, else throws. */
    public CommandResult check(String... command) {
        return run(List.of(command)).orThrow();
    }

    /** A daemon started by the command may hold the pipe open: wait only briefly for its end. */
    private static String finish(CompletableFuture<String> output) {
        return output.completeOnTimeout("(output still held open by a child process)", 2, TimeUnit.SECONDS)
                .join();
    }

    /** Reads a stream to its end on a thread of its own (a shared pool could deadlock). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(output lost: " + e.getMessage() + ")");
            }
        }, "testbed-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
