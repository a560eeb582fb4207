package io.ovsnet.bench.netlink;

import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.Veth;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-container wiring sequence through {@link NetlinkHandle} and through {@code ip} and
 * {@code ethtool} commands, in one run: for each of N container namespaces, create a veth in a
 * "host" namespace with one end in the container namespace, set the MTU of both ends and an
 * address on the container end, bring both ends up, and turn TX checksum offload off on both.
 * Each side runs it two ways: the peer created directly in the namespace (one request or
 * command), and created on the host then moved (as ovs-docker does); and each side once more
 * with the fewest round trips it can manage: netlink with the host end's up state in the
 * creating request, the commands with {@code up} in {@code ip link add} and one
 * {@code ip -batch} for the container end's address and up state. Prints sequences per
 * second, p50/p99/max latency of one sequence, the ratios, where the time of each netlink
 * sequence goes (mean/p50/p99 per step), the GC and JIT work during the measurement, and the
 * kernel's own cost of the veth creation measured from C ({@code ip -batch}).
 *
 * <p>Everything happens in namespaces this run creates ({@code ovsnet-bench-RUN-*}) and removes
 * at the end, also on failure or Ctrl-C. Usage: {@code NetlinkBenchmark [containers]
 * [spare namespaces for warm-up]}, defaults 200 and 50; system property
 * {@code bench.netlink.settleMillis} (0) is a pause before each block. Needs root.
 */
public final class NetlinkBenchmark {
    private static final int MTU = 1450;
    private static final int BLOCK = 25;
    private static final int NETLINK_WARMUP_ROUNDS = 1;
    private static final int COMMAND_WARMUP = 10;
    private static final long SETTLE_MILLIS = Long.getLong("bench.netlink.settleMillis", 0);

    private final String run = "ovsnet-bench-" + HexFormat.of().toHexDigits(
            ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final String host = run + "-host";
    private final List<String> namespaces = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            System.err.println("bench-netlink: must run as root (it creates network namespaces);"
                    + " uid is " + uid);
            System.exit(2);
        }
        NetlinkBenchmark benchmark = new NetlinkBenchmark();
        Thread cleanup = new Thread(benchmark::removeNamespaces, "bench-netlink cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            benchmark.run(containers, warmup);
        } finally {
            benchmark.removeNamespaces();
        }
    }

    /** One way of wiring container {@code i}; link names start with {@code prefix}. */
    private record Variant(String label, String prefix, Wiring wiring, Steps steps) {
        Variant(String label, String prefix, Wiring wiring) {
            this(label, prefix, wiring, new Steps());
        }
    }

    @FunctionalInterface
    private interface Wiring {
        void wire(int i, String hostEnd, String containerEnd, Steps steps);
    }

    /**
     * The time of each step of a variant's sequences, by step name, for the measured sequences:
     * {@link #start} before a sequence, {@link #lap} after each step (a few nanoseconds each).
     */
    private static final class Steps {
        private final Map<String, long[]> nanos = new LinkedHashMap<>();
        private int sequence = -1;
        private int sequences;
        private long last;

        /** Times the steps of sequence {@code sequence} of {@code sequences}. */
        void start(int sequence, int sequences) {
            this.sequence = sequence;
            this.sequences = sequences;
            last = System.nanoTime();
        }

        void lap(String step) {
            long now = System.nanoTime();
            if (sequence >= 0) {
                nanos.computeIfAbsent(step, name -> new long[sequences])[sequence] = now - last;
            }
            last = now;
        }

        void stop() {
            sequence = -1;
        }
    }

    /** Timings of one variant: nanoseconds per sequence. */
    private record Result(Variant variant, long[] nanos) {
        /** Sequences per second, one after the other. */
        double rate() {
            return nanos.length / (Arrays.stream(nanos).sum() / 1e9);
        }

        long percentile(int percent) {
            return NetlinkBenchmark.percentile(nanos, percent);
        }
    }

    private void run(int containers, int warmup) {
        System.out.printf(Locale.ROOT, "setup: %d container namespaces + 1 host namespace (run %s)%n",
                containers + warmup, run);
        addNamespace(host);
        for (int i = 0; i < containers + warmup; i++) {
            addNamespace(container(i));
        }
        try (NetlinkHandle hostHandle = NetlinkHandle.open(Namespace.named(host))) {
            Variant netlinkInPlace = new Variant("netlink, peer created in ns", "a",
                    (i, hostEnd, containerEnd, steps) ->
                            wireInPlace(hostHandle, i, hostEnd, containerEnd, steps));
            Variant netlinkMove = new Variant("netlink, create + move", "b",
                    (i, hostEnd, containerEnd, steps) ->
                            wireByMove(hostHandle, i, hostEnd, containerEnd, steps));
            Variant commandsInPlace = new Variant("ip/ethtool, peer in ns", "c",
                    (i, hostEnd, containerEnd, steps) -> commandsInPlace(i, hostEnd, containerEnd));
            Variant commandsMove = new Variant("ip/ethtool, create + move", "d",
                    (i, hostEnd, containerEnd, steps) -> commandsByMove(i, hostEnd, containerEnd));
            Variant netlinkFewest = new Variant("netlink, fewest round trips", "e",
                    (i, hostEnd, containerEnd, steps) ->
                            wireFewestTrips(hostHandle, i, hostEnd, containerEnd, steps));
            Variant commandsFewest = new Variant("ip/ethtool, fewest commands", "f",
                    (i, hostEnd, containerEnd, steps) -> commandsFewest(i, hostEnd, containerEnd));
            List<Variant> netlink = List.of(netlinkInPlace, netlinkMove, netlinkFewest);
            netlink.forEach(variant -> warmUp(variant, containers, warmup, NETLINK_WARMUP_ROUNDS));
            List.of(commandsInPlace, commandsFewest).forEach(variant ->
                    warmUp(variant, containers, Math.min(warmup, COMMAND_WARMUP), 1));
            List<Result> results = measure(List.of(netlinkInPlace, netlinkMove, commandsInPlace,
                    commandsMove, netlinkFewest, commandsFewest), containers);
            report(containers, warmup, results);
            Result a = results.get(0);
            Result b = results.get(1);
            Result c = results.get(2);
            Result d = results.get(3);
            Result e = results.get(4);
            Result f = results.get(5);
            System.out.printf(Locale.ROOT, "ratio, same steps, peer created in ns:  %5.1fx"
                    + " throughput, %5.1fx p50%n", a.rate() / c.rate(),
                    (double) c.percentile(50) / a.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, fewest trips vs same steps cmds: %5.1fx"
                    + " throughput, %5.1fx p50%n", e.rate() / c.rate(),
                    (double) c.percentile(50) / e.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, fewest trips vs fewest commands: %5.1fx"
                    + " throughput, %5.1fx p50%n", e.rate() / f.rate(),
                    (double) f.percentile(50) / e.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, same steps, create + move:       %5.1fx"
                    + " throughput, %5.1fx p50%n", b.rate() / d.rate(),
                    (double) d.percentile(50) / b.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, agent's way vs ovs-docker's way: %5.1fx"
                    + " throughput, %5.1fx p50%n", a.rate() / d.rate(),
                    (double) d.percentile(50) / a.percentile(50));
            Result best = e.rate() > a.rate() ? e : a;
            boolean met = best.rate() / c.rate() >= 20
                    && best.percentile(99) < TimeUnit.MILLISECONDS.toNanos(2);
            System.out.println("goal (>= 20x the same steps as commands, p99 < 2 ms), by \""
                    + best.variant().label() + "\": " + (met ? "met" : "NOT met"));
            netlink.forEach(variant -> reportSteps(variant, containers));
            reportKernelFloor(containers);
        }
    }

    /**
     * The kernel's own cost of the sequence's dearest request, with no Java involved: one
     * {@code ip -batch} process creates a veth per container namespace (peer in the namespace,
     * both MTUs set) from a file, one request after the other on one socket. Its mean per
     * creation is what the "create veth" step of the netlink sequences cannot go below.
     */
    private void reportKernelFloor(int containers) {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < containers; i++) {
            batch.append("link add k").append(i).append(" mtu ").append(MTU)
                    .append(" type veth peer name kc").append(i).append(" mtu ").append(MTU)
                    .append(" netns ").append(container(i)).append('\n');
        }
        long start = System.nanoTime();
        runWithInput(batch.toString(), "ip", "-n", host, "-batch", "-");
        long nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "kernel floor: 'ip -batch' (C, one process) created %d"
                + " veths, peer in the namespace, in %.1f ms: %.3f ms each on average%n",
                containers, nanos / 1e6, nanos / 1e6 / containers);
    }

    /**
     * Runs {@code variant} {@code rounds} times on each spare namespace after the measured ones,
     * untimed, so that the JIT has compiled its code before the measurement. One round: each
     * more leaves as many veths in the host namespace, and 1,200 more made every measured
     * sequence slower (344–497 against 538–714 ops/s).
     */
    private static void warmUp(Variant variant, int containers, int warmup, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (int i = containers; i < containers + warmup; i++) {
                String name = variant.prefix() + round + "w" + i;
                variant.wiring().wire(i, name, name + "c", variant.steps());
            }
        }
    }

    /**
     * Times every variant on every container namespace, in blocks of {@link #BLOCK} containers
     * taken in turn by each variant (starting with a different one each block), so that a change
     * in the machine's load during the run weighs on all variants alike while each variant still
     * runs back to back; then checks a sample of the results.
     */
    private List<Result> measure(List<Variant> variants, int containers) {
        long[] runtimeBefore = runtimeWork();
        long[][] nanos = new long[variants.size()][containers];
        for (int block = 0; block * BLOCK < containers; block++) {
            for (int k = 0; k < variants.size(); k++) {
                int v = (block + k) % variants.size();
                Variant variant = variants.get(v);
                settle();
                for (int i = block * BLOCK; i < Math.min(containers, (block + 1) * BLOCK); i++) {
                    variant.steps().start(i, containers);
                    long start = System.nanoTime();
                    variant.wiring().wire(i, variant.prefix() + i, variant.prefix() + "c" + i,
                            variant.steps());
                    nanos[v][i] = System.nanoTime() - start;
                    variant.steps().stop();
                }
            }
        }
        long[] runtimeAfter = runtimeWork();
        System.out.printf(Locale.ROOT, "during the measurement: %d GC pauses (%d ms in all),"
                + " %d ms of JIT compilation%n", runtimeAfter[0] - runtimeBefore[0],
                runtimeAfter[1] - runtimeBefore[1], runtimeAfter[2] - runtimeBefore[2]);
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            verify(containers, variants.get(v).prefix());
            results.add(new Result(variants.get(v), nanos[v]));
        }
        return results;
    }

    /**
     * The agent's way: one request creates the pair with the peer already in the container
     * namespace and both MTUs set; then host end up and checksum off, container end addressed,
     * up and checksum off through a handle on the container namespace.
     */
    private void wireInPlace(NetlinkHandle hostHandle, int i, String hostEnd, String containerEnd,
            Steps steps) {
        Namespace namespace = Namespace.named(container(i));
        hostHandle.createVeth(Veth.of(hostEnd, containerEnd).withPeerIn(namespace).withMtu(MTU));
        steps.lap("create veth");
        hostHandle.setUp(hostEnd);
        steps.lap("host end up");
        hostHandle.disableTxChecksum(hostEnd);
        steps.lap("host end tx off");
        try (NetlinkHandle inContainer = NetlinkHandle.open(namespace)) {
            steps.lap("open handle in ns");
            addressUpAndChecksumOff(inContainer, i, containerEnd, steps);
        }
        steps.lap("close handle");
    }

    /**
     * In place with the fewest round trips: as {@link #wireInPlace}, but the creating request
     * also brings the host end up. (The container end cannot come up in that request: the
     * kernel refuses to open a veth end before its pair is joined.)
     */
    private void wireFewestTrips(NetlinkHandle hostHandle, int i, String hostEnd,
            String containerEnd, Steps steps) {
        Namespace namespace = Namespace.named(container(i));
        hostHandle.createVeth(Veth.of(hostEnd, containerEnd).withPeerIn(namespace).withMtu(MTU)
                .withUp());
        steps.lap("create veth, host end up");
        hostHandle.disableTxChecksum(hostEnd);
        steps.lap("host end tx off");
        try (NetlinkHandle inContainer = NetlinkHandle.open(namespace)) {
            steps.lap("open handle in ns");
            addressUpAndChecksumOff(inContainer, i, containerEnd, steps);
        }
        steps.lap("close handle");
    }

    /** Step by step: create both ends on the host, move one, set each MTU. */
    private void wireByMove(NetlinkHandle hostHandle, int i, String hostEnd, String containerEnd,
            Steps steps) {
        Namespace namespace = Namespace.named(container(i));
        hostHandle.createVeth(Veth.of(hostEnd, containerEnd));
        steps.lap("create veth");
        hostHandle.moveLink(containerEnd, namespace);
        steps.lap("move peer");
        hostHandle.setMtu(hostEnd, MTU);
        hostHandle.setUp(hostEnd);
        hostHandle.disableTxChecksum(hostEnd);
        steps.lap("host end mtu, up, tx off");
        try (NetlinkHandle inContainer = NetlinkHandle.open(namespace)) {
            steps.lap("open handle in ns");
            inContainer.setMtu(containerEnd, MTU);
            steps.lap("container end mtu");
            addressUpAndChecksumOff(inContainer, i, containerEnd, steps);
        }
        steps.lap("close handle");
    }

    private static void addressUpAndChecksumOff(NetlinkHandle inContainer, int i,
            String containerEnd, Steps steps) {
        inContainer.addAddress(containerEnd, address(i));
        steps.lap("container end address");
        inContainer.setUp(containerEnd);
        steps.lap("container end up");
        inContainer.disableTxChecksum(containerEnd);
        steps.lap("container end tx off");
    }

    /** The in-place sequence as commands: {@code ip link add ... peer ... netns NS}. */
    private void commandsInPlace(int i, String hostEnd, String containerEnd) {
        String namespace = container(i);
        String mtu = Integer.toString(MTU);
        run("ip", "-n", host, "link", "add", hostEnd, "mtu", mtu, "type", "veth",
                "peer", "name", containerEnd, "mtu", mtu, "netns", namespace);
        run("ip", "-n", host, "link", "set", hostEnd, "up");
        run("ip", "netns", "exec", host, "ethtool", "-K", hostEnd, "tx", "off");
        run("ip", "-n", namespace, "addr", "add", address(i).toString(), "dev", containerEnd);
        run("ip", "-n", namespace, "link", "set", containerEnd, "up");
        run("ip", "netns", "exec", namespace, "ethtool", "-K", containerEnd, "tx", "off");
    }

    /** The step-by-step sequence as commands, as ovs-docker runs them. */
    private void commandsByMove(int i, String hostEnd, String containerEnd) {
        String namespace = container(i);
        String mtu = Integer.toString(MTU);
        run("ip", "-n", host, "link", "add", hostEnd, "type", "veth", "peer", "name", containerEnd);
        run("ip", "-n", host, "link", "set", containerEnd, "netns", namespace);
        run("ip", "-n", host, "link", "set", hostEnd, "mtu", mtu);
        run("ip", "-n", host, "link", "set", hostEnd, "up");
        run("ip", "netns", "exec", host, "ethtool", "-K", hostEnd, "tx", "off");
        run("ip", "-n", namespace, "link", "set", containerEnd, "mtu", mtu);
        run("ip", "-n", namespace, "addr", "add", address(i).toString(), "dev", containerEnd);
        run("ip", "-n", namespace, "link", "set", containerEnd, "up");
        run("ip", "netns", "exec", namespace, "ethtool", "-K", containerEnd, "tx", "off");
    }

    /**
     * The in-place sequence in the fewest commands: {@code up} in {@code ip link add}, address
     * and up state of the container end in one {@code ip -batch}.
     */
    private void commandsFewest(int i, String hostEnd, String containerEnd) {
        String namespace = container(i);
        String mtu = Integer.toString(MTU);
        run("ip", "-n", host, "link", "add", hostEnd, "mtu", mtu, "up", "type", "veth",
                "peer", "name", containerEnd, "mtu", mtu, "netns", namespace);
        run("ip", "netns", "exec", host, "ethtool", "-K", hostEnd, "tx", "off");
        runWithInput("addr add " + address(i) + " dev " + containerEnd + "\nlink set "
                + containerEnd + " up\n", "ip", "-n", namespace, "-batch", "-");
        run("ip", "netns", "exec", namespace, "ethtool", "-K", containerEnd, "tx", "off");
    }

    /** Checks a sample of the results with the commands, so that a no-op cannot look fast. */
    private void verify(int containers, String prefix) {
        for (int i : new int[] {0, containers / 2, containers - 1}) {
            String namespace = container(i);
            String link = run("ip", "-n", namespace, "-o", "addr", "show", "dev", prefix + "c" + i)
                    + run("ip", "-n", namespace, "-o", "link", "show", "dev", prefix + "c" + i);
            String features = run("ip", "netns", "exec", namespace, "ethtool", "-k", prefix + "c" + i);
            String hostLink = run("ip", "-n", host, "-o", "link", "show", "dev", prefix + i);
            String hostFeatures = run("ip", "netns", "exec", host, "ethtool", "-k", prefix + i);
            if (!link.contains(address(i).toString()) || !link.contains("mtu " + MTU)
                    || !link.contains(",UP,")
                    || !features.contains("tx-checksumming: off")
                    || !hostFeatures.contains("tx-checksumming: off")
                    || !hostLink.contains("mtu " + MTU) || !hostLink.contains("state UP")) {
                throw new IllegalStateException("sequence " + prefix + i + " did not take effect:\n"
                        + link + features + hostLink + hostFeatures);
            }
        }
    }

    private static void report(int containers, int warmup, List<Result> results) {
        System.out.printf(Locale.ROOT, "%d containers; sequence = create veth, one end into the"
                + " container namespace, MTU %d on both ends, address on the container end, both"
                + " up, tx checksum off on both (variants interleaved in blocks of %d; warm-up: %d"
                + " sequences of each netlink variant, %d of each in-place command variant)%n",
                containers, MTU, BLOCK, warmup * NETLINK_WARMUP_ROUNDS,
                Math.min(warmup, COMMAND_WARMUP));
        System.out.printf(Locale.ROOT, "%-28s %12s %9s %9s %9s%n",
                "one op = one sequence", "ops/s", "p50 ms", "p99 ms", "max ms");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-28s %12.1f %9.3f %9.3f %9.3f%n",
                    result.variant().label(), result.rate(), result.percentile(50) / 1e6,
                    result.percentile(99) / 1e6,
                    Arrays.stream(result.nanos()).max().orElse(0) / 1e6);
        }
    }

    /** Where the time of {@code variant}'s measured sequences went: p50/p99 of each step. */
    private static void reportSteps(Variant variant, int containers) {
        System.out.printf(Locale.ROOT, "steps of \"%s\" (ms):%n", variant.label());
        for (Map.Entry<String, long[]> step : variant.steps().nanos.entrySet()) {
            long[] nanos = Arrays.copyOf(step.getValue(), containers);
            System.out.printf(Locale.ROOT, "  %-28s mean %7.3f  p50 %7.3f  p99 %7.3f  max %7.3f%n",
                    step.getKey(), Arrays.stream(nanos).average().orElse(0) / 1e6,
                    percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6,
                    Arrays.stream(nanos).max().orElse(0) / 1e6);
        }
    }

    /**
     * Lets the kernel finish the deferred work of the previous block (processes and mount
     * namespaces of the commands ending, link-watch and IPv6 address work of links brought up)
     * before the next block starts. Off by default: 200 ms made no measurable difference.
     */
    private static void settle() {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The JVM's collections so far, their total time (ms) and its JIT compilation time (ms). */
    private static long[] runtimeWork() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        var compiler = ManagementFactory.getCompilationMXBean();
        long jit = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : -1;
        return new long[] {count, millis, jit};
    }

    /** The nearest-rank percentile. */
    private static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private String container(int i) {
        return run + "-c" + i;
    }

    private static Address address(int i) {
        return Address.parse("198.51.100." + (2 + i % 250) + "/24");
    }

    private void addNamespace(String name) {
        run("ip", "netns", "add", name);
        synchronized (namespaces) {
            namespaces.add(name);
        }
    }

    /** Removes every namespace of this run (their veths go with them). */
    private void removeNamespaces() {
        List<String> toRemove;
        synchronized (namespaces) {
            toRemove = new ArrayList<>(namespaces);
            namespaces.clear();
        }
        for (String name : toRemove) {
            try {
                run("ip", "netns", "del", name);
            } catch (IllegalStateException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
        if (!toRemove.isEmpty()) {
            System.out.printf(Locale.ROOT, "cleanup: removed %d namespaces%n", toRemove.size());
        }
    }

    private static String run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs {@code command} with {@code input} (or nothing) on its standard input. */
    private static String runWithInput(String input, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
