package io.ovsnet.bench.attach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pings an address from inside another container's network namespace every 2 ms
 * ({@code ping -D}) and completes with the kernel-stamped time of the first reply. Started before
 * the target exists, so the first reply marks when the path through both agents' bridges and the
 * tunnel first worked.
 */
final class PingProbe implements AutoCloseable {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)\\] \\d+ bytes from ");

    private final Process process;
    private final CompletableFuture<Instant> firstReply = new CompletableFuture<>();
    private String last = "";

    private PingProbe(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "ping-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts pinging {@code target} from the network namespace of process {@code fromPid}, for
     * about {@code seconds} (a count, not ping's {@code -w}: with a deadline, ping gives up at the
     * first "unreachable" errors).
     */
    static PingProbe start(long fromPid, String target, int seconds) throws IOException {
        Process p = new ProcessBuilder(List.of("nsenter", "--net=/proc/" + fromPid + "/ns/net", "ping", "-D", "-n",
                "-i", "0.002", "-c", Integer.toString(seconds * 500), target)).redirectErrorStream(true).start();
        return new PingProbe(p);
    }

    /** The time of the first reply; fails when ping ended without one. */
    CompletableFuture<Instant> firstReply() {
        return firstReply;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                last = last.length() > 2000 ? last : last + "\n" + line;
                Matcher m = REPLY.matcher(line);
                if (m.find() && !firstReply.isDone()) {
                    BigDecimal micros = new BigDecimal(m.group(1)).movePointRight(6);
                    firstReply.complete(Instant.EPOCH.plusNanos(micros.longValue() * 1000));
                }
            }
        } catch (IOException e) {
            firstReply.completeExceptionally(e);
        }
        firstReply.completeExceptionally(new IllegalStateException("ping ended without a reply; it said: " + last));
    }

    /** Stops the ping process this probe started. Idempotent. */
    @Override
    public void close() {
        process.destroy();
    }
}
