package io.ovsnet.bench.ipam;

import io.ovsnet.ipam.address.Cidr;
import io.ovsnet.ipam.address.IpAddress;
import io.ovsnet.ipam.address.IpFamily;
import io.ovsnet.ipam.allocator.Ipam;
import io.ovsnet.ipam.model.Encap;
import io.ovsnet.ipam.model.Lease;
import io.ovsnet.ipam.model.LeaseKind;
import io.ovsnet.ipam.model.NetworkSpec;
import io.ovsnet.ipam.model.OvsNetSchema;
import io.ovsnet.ovsdb.client.ClientOptions;
import io.ovsnet.ovsdb.client.OvsdbClient;
import io.ovsnet.ovsdb.notation.Row;
import io.ovsnet.ovsdb.notation.Uuid;
import io.ovsnet.ovsdb.operation.Insert;
import io.ovsnet.ovsdb.operation.Transaction;
import io.ovsnet.testbed.Store;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Issue 4's benchmark: address allocations per second and their p50/p99 latency with 1 and 8
 * clients (each on its own connection, each with its own replica), on a standalone store and on a
 * 3-member Raft cluster, next to the raw rate of single-row inserts (one transaction each, one at
 * a time per client) into the same server in the same run. An allocation is one transaction, so
 * the raw rate is its ceiling; the ratio says how close the allocator gets. Allocating clients
 * connect as agents do ({@code Ipam.connectAs}): each replica holds its own host's leases. Two
 * more measurements put the figures in context: raw inserts of Lease rows (what an allocation
 * inserts, with its two unique indexes and its reference to the network), and raw Lease inserts
 * while every client keeps a replica of every lease (the cost of monitoring every commit, as
 * allocators did before their replicas were scoped to their host).
 *
 * <p>Allocations are measured twice in each configuration, interleaved: with claims going out
 * alone ("single", {@value #GROUP_CLAIMS}{@code =false}) and with concurrent claims of one client
 * grouped into shared transactions (the default). With one thread per client the two should be
 * alike; grouping shows in the mass restart: on the cluster, {@code restart-count} containers
 * (10,000) get addresses from 8 hosts at once, each host allocating on 4 threads (an agent's
 * attach lanes) and then on 32, single and grouped.
 *
 * <p>Usage: {@code IpamBenchmark [standalone-count (4000)] [cluster-count (800)] [restart-count (10000)]}:
 * operations per configuration, split evenly between the clients. Needs root and Open vSwitch (the
 * testbed's store fixture); servers listen on 127.0.0.1 only and are removed at the end.
 */
public final class IpamBenchmark {
    private static final int[] CLIENT_COUNTS = {1, 8};
    private static final int CONTAINERS_RESTARTING = 10_000;
    private static final int WARM_UP = 300;
    /** The allocator's switch for grouping claims (io.ovsnet.ipam.allocator.ClaimGroups), read per connection. */
    private static final String GROUP_CLAIMS = "ovsnet.ipam.groupClaims";
    private static final int RESTART_HOSTS = 8;
    /** Allocating threads per host in the mass restart: an agent's attach lanes, then many more. */
    private static final int[] RESTART_THREADS = {4, 32};

    /** One measured run: how many operations, how long in all, each one's latency. */
    record Result(String what, int clients, int operations, double seconds, long[] latenciesNanos) {
        double rate() {
            return operations / seconds;
        }

        /** Two runs of the same measurement as one: their operations, time and latencies added up. */
        static Result combined(Result a, Result b) {
            long[] latencies = Arrays.copyOf(a.latenciesNanos(), a.latenciesNanos().length + b.latenciesNanos().length);
            System.arraycopy(b.latenciesNanos(), 0, latencies, a.latenciesNanos().length, b.latenciesNanos().length);
            return new Result(a.what(), a.clients(), a.operations() + b.operations(), a.seconds() + b.seconds(),
                    latencies);
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    /** One mass restart shape: allocating threads per host, claims alone and grouped. */
    record Restart(int threads, Result single, Result grouped) {
    }

    /** One client's work: run operation number i (0-based) and wait for it. */
    @FunctionalInterface
    interface Operation {
        void run(int i) throws Exception;
    }

    private IpamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int standaloneCount = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int clusterCount = args.length > 1 ? Integer.parseInt(args[1]) : 800;
        int restartCount = args.length > 2 ? Integer.parseInt(args[2]) : CONTAINERS_RESTARTING;
        Path dir = Files.createTempDirectory("ovsnet-bench-ipam");
        Path schema = OvsNetSchema.writeTo(dir.resolve("OVSNet.ovsschema"));
        List<Result[]> pairs = new ArrayList<>();
        List<Restart> restarts = new ArrayList<>();
        try {
            try (Store store = Store.standalone(schema)) {
                pairs.addAll(measure("standalone", store.remote(), standaloneCount));
            }
            try (Store store = Store.cluster(3, schema)) {
                pairs.addAll(measure("cluster-3", store.remote(), clusterCount));
                if (restartCount > 0) {
                    restarts.addAll(massRestarts("cluster-3", store.remote(), restartCount));
                }
            }
        } finally {
            Files.deleteIfExists(schema);
            Files.deleteIfExists(dir);
        }
        report(pairs);
        reportRestarts(restarts);
    }

    /**
     * {@code containers} allocations by {@link #RESTART_HOSTS} hosts at once, each on
     * {@code threads} threads sharing its connection, claims alone then grouped, for each number
     * of threads. Each measurement takes a network of its own.
     */
    private static List<Restart> massRestarts(String config, String remote, int containers) throws Exception {
        ClientOptions options = ClientOptions.builder(remote).build();
        List<Restart> results = new ArrayList<>();
        int subnet = 140;
        for (int threads : RESTART_THREADS) {
            Result[] pair = new Result[2];
            for (boolean grouped : new boolean[] {false, true}) {
                String network = "restart-" + threads + (grouped ? "-grouped" : "-single");
                createNetwork(options, network, "10." + subnet++ + ".0.0/16");
                pair[grouped ? 1 : 0] = allocations(config + (grouped ? " restart grouped" : " restart single"),
                        options, RESTART_HOSTS, threads, containers / (RESTART_HOSTS * threads), network, grouped);
                System.err.printf("done %s mass restart hosts=%d threads=%d grouped=%s %.0f/s%n", config,
                        RESTART_HOSTS, threads, grouped, pair[grouped ? 1 : 0].rate());
            }
            results.add(new Restart(threads, pair[0], pair[1]));
        }
        return results;
    }

    /** For 1 and 8 clients: raw inserts, then allocations, against one server. */
    private static List<Result[]> measure(String config, String remote, int count) throws Exception {
        ClientOptions options = ClientOptions.builder(remote).build();
        // Warm-up (not reported): the JIT compiles both paths before either is timed.
        createNetwork(options, "warm-up", "10.99.0.0/16");
        rawInserts(config, options, 1, WARM_UP, config + "-warm-up");
        allocations(config + " warm-up", options, 1, 1, WARM_UP, "warm-up", true);
        List<Result[]> pairs = new ArrayList<>();
        for (int clients : CLIENT_COUNTS) {
            int per = count / clients;
            String tag = config + "-" + clients;
            Result raw = rawInserts(config, options, clients, per, tag);
            // Claims alone, grouped, grouped, alone (each half of the operations, in a network of its
            // own), so that neither mode gains from running later or earlier in the run.
            Result[] halves = new Result[4];
            boolean[] order = {false, true, true, false};
            for (int k = 0; k < order.length; k++) {
                String network = "bench-" + clients + "-" + k;
                createNetwork(options, network, "10." + (100 + 4 * clients + k) + ".0.0/16");
                halves[k] = allocations(config + (order[k] ? " allocate" : " allocate single"), options, clients, 1,
                        Math.max(1, per / 2), network, order[k]);
            }
            Result alloc = Result.combined(halves[1], halves[2]);
            Result single = Result.combined(halves[0], halves[3]);
            String monitoredNetwork = "bench-monitored-" + clients;
            Uuid monitored = createNetwork(options, monitoredNetwork, "10." + (110 + clients) + ".0.0/16");
            Result rawMonitored = rawLeaseInserts(config, options, clients, per, monitored, "10." + (110 + clients), true);
            Uuid plain = createNetwork(options, "bench-lease-" + clients, "10." + (120 + clients) + ".0.0/16");
            Result rawLease = rawLeaseInserts(config, options, clients, per, plain, "10." + (120 + clients), false);
            pairs.add(new Result[] {raw, alloc, rawMonitored, rawLease, single});
            System.err.printf("done %s clients=%d raw=%.0f/s alloc=%.0f/s single=%.0f/s raw-monitored=%.0f/s"
                    + " raw-lease=%.0f/s%n", config, clients, raw.rate(), alloc.rate(), single.rate(), rawMonitored.rate(),
                    rawLease.rate());
        }
        return pairs;
    }

    private static Uuid createNetwork(ClientOptions options, String name, String subnet) {
        try (Ipam admin = Ipam.connect(options)) {
            return admin.networks().create(new NetworkSpec(name, List.of(Cidr.parse(subnet)), List.of(), List.of(),
                    Encap.VXLAN, OptionalLong.empty(), 0, Map.of())).uuid();
        }
    }

    /**
     * The allocator's ceiling under its own monitoring load: each client keeps the same replica an
     * allocating client keeps (an {@link Ipam} connection) and inserts Lease rows with addresses
     * chosen in advance, one transaction each. Every commit is then delivered to every client's
     * monitor, as during allocation.
     */
    private static Result rawLeaseInserts(String config, ClientOptions options, int clients, int per, Uuid network,
            String prefix, boolean monitored) throws Exception {
        List<Ipam> monitors = new ArrayList<>();
        List<OvsdbClient> connections = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                if (monitored) {
                    monitors.add(Ipam.connect(options)); // every lease, as allocators kept before
                }
                connections.add(OvsdbClient.connect(options).get());
            }
            Cidr subnet = Cidr.parse(prefix + ".0.0/16");
            return timed(config + " raw Lease insert" + (monitored ? " with monitors" : ""), clients, per, c -> i -> {
                IpAddress address = subnet.addressAt(BigInteger.valueOf(2L + (long) c * per + i));
                Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
                tx.add(Insert.into(Lease.TABLE).row(Lease.columns(address, Optional.empty(), "raw-" + c + "-" + i,
                        LeaseKind.ENDPOINT, Instant.now()).set(Lease.NETWORK, network).build()));
                connections.get(c).transact(tx).get();
            });
        } finally {
            connections.forEach(OvsdbClient::close);
            monitors.forEach(Ipam::close);
        }
    }

    private static Result rawInserts(String config, ClientOptions options, int clients, int per, String tag)
            throws Exception {
        List<OvsdbClient> connections = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                connections.add(OvsdbClient.connect(options).get());
            }
            return timed(config + " raw insert", clients, per, c -> i -> {
                Transaction tx = Transaction.on(OvsNetSchema.DATABASE);
                tx.add(Insert.into("Host").row(Row.builder().set("name", tag + "-" + c + "-" + i)
                        .set("last_seen", 0L).build()));
                connections.get(c).transact(tx).get();
            });
        } finally {
            connections.forEach(OvsdbClient::close);
        }
    }

    /**
     * {@code per} allocations on each of {@code threads} threads of each of {@code clients}
     * clients; with {@code grouped}, a client's concurrent claims share transactions.
     */
    private static Result allocations(String what, ClientOptions options, int clients, int threads, int per,
            String network, boolean grouped) throws Exception {
        List<Ipam> connections = new ArrayList<>();
        try {
            String before = System.setProperty(GROUP_CLAIMS, String.valueOf(grouped)); // read as each connects
            try {
                for (int c = 0; c < clients; c++) {
                    // As an agent connects: its replica holds the networks and its own host's leases.
                    connections.add(Ipam.connectAs("h" + c, options));
                }
            } finally {
                if (before == null) {
                    System.clearProperty(GROUP_CLAIMS);
                } else {
                    System.setProperty(GROUP_CLAIMS, before);
                }
            }
            Result result = timed(what, clients * threads, per, t -> i -> connections.get(t / threads).leases()
                    .allocate(network, IpFamily.IPV4, "c" + t + "-" + i, LeaseKind.ENDPOINT,
                            Optional.of("h" + t / threads)));
            return new Result(what, clients, result.operations(), result.seconds(), result.latenciesNanos());
        } finally {
            connections.forEach(Ipam::close);
        }
    }

    /** Runs {@code per} operations on each of {@code clients} threads, started together. */
    private static Result timed(String what, int clients, int per, IntFunction<Operation> perClient)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] latencies = new long[clients * per];
        CyclicBarrier start = new CyclicBarrier(clients + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Operation op = perClient.apply(c);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < per; i++) {
                        long t0 = System.nanoTime();
                        op.run(i);
                        latencies[client * per + i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            start.await();
            long t0 = System.nanoTime();
            for (Future<?> f : done) {
                f.get();
            }
            return new Result(what, clients, clients * per, (System.nanoTime() - t0) / 1e9, latencies);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(List<Result[]> pairs) {
        System.out.println("raw: single-row inserts (a Host row), one transaction each, no monitors."
                + " lease: the same with a Lease row (what an allocation inserts), no monitors."
                + " alloc: Leases.allocate (claims grouped). single: the same with claims alone ("
                + GROUP_CLAIMS + "=false). raw+mon: Lease inserts while every client keeps the allocator's replica.");
        System.out.printf("%-11s %7s %5s | %9s %7s %7s | %9s %7s | %9s %7s %7s | %9s %7s %7s | %9s %7s |"
                + " %9s %9s %11s%n", "store", "clients", "ops", "raw/s", "p50 ms", "p99 ms", "lease/s", "p99 ms",
                "alloc/s", "p50 ms", "p99 ms", "single/s", "p50 ms", "p99 ms", "raw+mon/s", "p99 ms", "alloc/raw",
                "alloc/lease", "alloc/raw+mon");
        for (Result[] p : pairs) {
            Result raw = p[0];
            Result alloc = p[1];
            Result mon = p[2];
            Result lease = p[3];
            Result single = p[4];
            System.out.printf("%-11s %7d %5d | %9.0f %7.2f %7.2f | %9.0f %7.2f | %9.0f %7.2f %7.2f | %9.0f %7.2f %7.2f"
                    + " | %9.0f %7.2f | %8.0f%% %10.0f%% %12.0f%%%n",
                    raw.what().split(" ")[0], raw.clients(), alloc.operations(), raw.rate(), raw.percentileMillis(50),
                    raw.percentileMillis(99), lease.rate(), lease.percentileMillis(99), alloc.rate(),
                    alloc.percentileMillis(50), alloc.percentileMillis(99), single.rate(), single.percentileMillis(50),
                    single.percentileMillis(99), mon.rate(), mon.percentileMillis(99),
                    100 * alloc.rate() / raw.rate(), 100 * alloc.rate() / lease.rate(), 100 * alloc.rate() / mon.rate());
        }
        pairs.stream().filter(p -> p[1].what().startsWith("cluster") && p[1].clients() == 8).findFirst().ifPresent(p ->
                System.out.printf("%nat the 3-member cluster's 8-client single-claim rate (%.0f/s) %d containers would"
                        + " take %.1f s to get addresses (raw insert rate %.0f/s: %.1f s)%n", p[4].rate(),
                        CONTAINERS_RESTARTING, CONTAINERS_RESTARTING / p[4].rate(), p[0].rate(),
                        CONTAINERS_RESTARTING / p[0].rate()));
    }

    /** The mass restarts: per shape, the time to address every container with claims alone and grouped. */
    private static void reportRestarts(List<Restart> restarts) {
        if (restarts.isEmpty()) {
            return;
        }
        System.out.printf("%nmass restart: containers getting addresses from %d hosts at once%n", RESTART_HOSTS);
        System.out.printf("%-11s %10s %7s | %8s %9s %7s %7s | %8s %9s %7s %7s | %7s%n", "store", "containers",
                "threads", "single s", "single/s", "p50 ms", "p99 ms", "group s", "grouped/s", "p50 ms", "p99 ms",
                "speedup");
        for (Restart r : restarts) {
            Result single = r.single();
            Result grouped = r.grouped();
            System.out.printf("%-11s %10d %7d | %8.1f %9.0f %7.2f %7.2f | %8.1f %9.0f %7.2f %7.2f | %6.1fx%n",
                    single.what().split(" ")[0], single.operations(), r.threads(), single.seconds(), single.rate(),
                    single.percentileMillis(50),
                    single.percentileMillis(99), grouped.seconds(), grouped.rate(), grouped.percentileMillis(50),
                    grouped.percentileMillis(99), grouped.rate() / single.rate());
        }
    }
}
