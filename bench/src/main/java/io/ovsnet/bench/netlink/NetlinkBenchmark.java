package io.ovsnet.bench.netlink;

import io.ovsnet.agent.netlink.Address;
import io.ovsnet.agent.netlink.Namespace;
import io.ovsnet.agent.netlink.NetlinkHandle;
import io.ovsnet.agent.netlink.Veth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-container wiring sequence through {@link NetlinkHandle} and through {@code ip} and
 * {@code ethtool} commands, in one run: for each of N container namespaces, create a veth in a
 * "host" namespace with one end in the container namespace, set the MTU of both ends and an
 * address on the container end, bring both ends up, and turn TX checksum offload off on both.
 * Each side runs it two ways: the peer created directly in the namespace (one request or
 * command), and created on the host then moved (as ovs-docker does). Prints sequences per
 * second, p50/p99/max latency of one sequence, and the ratios.
 *
 * <p>Everything happens in namespaces this run creates ({@code ovsnet-bench-RUN-*}) and removes
 * at the end, also on failure or Ctrl-C. Usage: {@code NetlinkBenchmark [containers]
 * [warmup]}, defaults 200 and 50. Needs root.
 */
public final class NetlinkBenchmark {
    private static final int MTU = 1450;
    private static final int BLOCK = 25;

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
    private record Variant(String label, String prefix, Wiring wiring) {
    }

    @FunctionalInterface
    private interface Wiring {
        void wire(int i, String hostEnd, String containerEnd);
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
                    (i, hostEnd, containerEnd) -> wireInPlace(hostHandle, i, hostEnd, containerEnd));
            Variant netlinkMove = new Variant("netlink, create + move", "b",
                    (i, hostEnd, containerEnd) -> wireByMove(hostHandle, i, hostEnd, containerEnd));
            Variant commandsInPlace = new Variant("ip/ethtool, peer in ns", "c",
                    this::commandsInPlace);
            Variant commandsMove = new Variant("ip/ethtool, create + move", "d",
                    this::commandsByMove);
            warmUp(netlinkInPlace, containers, warmup);
            warmUp(netlinkMove, containers, warmup);
            List<Result> results = measure(
                    List.of(netlinkInPlace, netlinkMove, commandsInPlace, commandsMove), containers);
            report(containers, warmup, results);
            Result a = results.get(0);
            Result b = results.get(1);
            Result c = results.get(2);
            Result d = results.get(3);
            System.out.printf(Locale.ROOT, "ratio, same steps, peer created in ns:  %5.1fx"
                    + " throughput, %5.1fx p50%n", a.rate() / c.rate(),
                    (double) c.percentile(50) / a.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, same steps, create + move:       %5.1fx"
                    + " throughput, %5.1fx p50%n", b.rate() / d.rate(),
                    (double) d.percentile(50) / b.percentile(50));
            System.out.printf(Locale.ROOT, "ratio, agent's way vs ovs-docker's way: %5.1fx"
                    + " throughput, %5.1fx p50%n", a.rate() / d.rate(),
                    (double) d.percentile(50) / a.percentile(50));
            boolean met = a.rate() / c.rate() >= 20
                    && a.percentile(99) < TimeUnit.MILLISECONDS.toNanos(2);
            System.out.println("goal (>= 20x the same steps as commands, p99 < 2 ms): "
                    + (met ? "met" : "NOT met"));
        }
    }

    /** Runs {@code variant} on the spare namespaces after the measured ones, untimed. */
    private static void warmUp(Variant variant, int containers, int warmup) {
        for (int i = containers; i < containers + warmup; i++) {
            variant.wiring().wire(i, variant.prefix() + i, variant.prefix() + "c" + i);
        }
    }

    /**
     * Times every variant on every container namespace, in blocks of {@link #BLOCK} containers
     * taken in turn by each variant (starting with a different one each block), so that a change
     * in the machine's load during the run weighs on all variants alike while each variant still
     * runs back to back; then checks a sample of the results.
     */
    private List<Result> measure(List<Variant> variants, int containers) {
        long[][] nanos = new long[variants.size()][containers];
        for (int block = 0; block * BLOCK < containers; block++) {
            for (int k = 0; k < variants.size(); k++) {
                int v = (block + k) % variants.size();
                Variant variant = variants.get(v);
                for (int i = block * BLOCK; i < Math.min(containers, (block + 1) * BLOCK); i++) {
                    long start = System.nanoTime();
                    variant.wiring().wire(i, variant.prefix() + i, variant.prefix() + "c" + i);
                    nanos[v][i] = System.nanoTime() - start;
                }
            }
        }
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
    private void wireInPlace(NetlinkHandle hostHandle, int i, String hostEnd, String containerEnd) {
        Namespace namespace = Namespace.named(container(i));
        hostHandle.createVeth(Veth.of(hostEnd, containerEnd).withPeerIn(namespace).withMtu(MTU));
        hostHandle.setUp(hostEnd);
        hostHandle.disableTxChecksum(hostEnd);
        configureContainerEnd(namespace, i, containerEnd);
    }

    /** Step by step: create both ends on the host, move one, set each MTU. */
    private void wireByMove(NetlinkHandle hostHandle, int i, String hostEnd, String containerEnd) {
        Namespace namespace = Namespace.named(container(i));
        hostHandle.createVeth(Veth.of(hostEnd, containerEnd));
        hostHandle.moveLink(containerEnd, namespace);
        hostHandle.setMtu(hostEnd, MTU);
        hostHandle.setUp(hostEnd);
        hostHandle.disableTxChecksum(hostEnd);
        try (NetlinkHandle inContainer = NetlinkHandle.open(namespace)) {
            inContainer.setMtu(containerEnd, MTU);
            addressUpAndChecksumOff(inContainer, i, containerEnd);
        }
    }

    private static void configureContainerEnd(Namespace namespace, int i, String containerEnd) {
        try (NetlinkHandle inContainer = NetlinkHandle.open(namespace)) {
            addressUpAndChecksumOff(inContainer, i, containerEnd);
        }
    }

    private static void addressUpAndChecksumOff(NetlinkHandle inContainer, int i,
            String containerEnd) {
        inContainer.addAddress(containerEnd, address(i));
        inContainer.setUp(containerEnd);
        inContainer.disableTxChecksum(containerEnd);
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
                + " up, tx checksum off on both (variants interleaved in blocks of %d; netlink warmed up with %d"
                + " more each)%n", containers, MTU, BLOCK, warmup);
        System.out.printf(Locale.ROOT, "%-28s %12s %9s %9s %9s%n",
                "one op = one sequence", "ops/s", "p50 ms", "p99 ms", "max ms");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-28s %12.1f %9.3f %9.3f %9.3f%n",
                    result.variant().label(), result.rate(), result.percentile(50) / 1e6,
                    result.percentile(99) / 1e6,
                    Arrays.stream(result.nanos()).max().orElse(0) / 1e6);
        }
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
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
