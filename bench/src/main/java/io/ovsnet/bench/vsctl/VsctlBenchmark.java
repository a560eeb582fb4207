package io.ovsnet.bench.vsctl;

import io.ovsnet.testbed.CommandResult;
import io.ovsnet.testbed.CommandRunner;
import io.ovsnet.testbed.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time of whole processes, JVM start included: {@code ovsnet vsctl show} and
 * {@code ovsnet vsctl list Interface} against {@code ovs-vsctl show} and
 * {@code ovs-vsctl list Interface}, on one private ovsdb-server holding a bridge with N ports
 * (default 2,000), in the same run, rounds interleaved. Also times the JVM alone (an empty main
 * with the same flags and class path) and ovsnet without class-data sharing. Before timing, it
 * checks that both programs print the same bytes.
 *
 * <p>ovsnet runs as {@code java FLAGS -cp VSCTL_CLASSPATH io.ovsnet.agent.cli.vsctl.VsctlMain}
 * with FLAGS = {@link #FAST_FLAGS} and an AppCDS archive written by one training run
 * ({@code -XX:ArchiveClassesAtExit}, JDK 17). Usage: {@code VsctlBenchmark AGENT_CLASSPATH
 * [ports] [rounds]}; the bench jar must be on this JVM's class path. With
 * {@code -Dbaseline.classpath=CP} (and {@code -Dbaseline.main=CLASS}, an older build's entry
 * point) another build's show and list are timed in the same rounds, for before/after figures. Needs root (ovsdb-server
 * runs through the testbed).
 */
public final class VsctlBenchmark {
    /** The JVM flags proposed for the ovsnet launcher, besides the CDS archive. */
    static final List<String> FAST_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-Xshare:auto", "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off");

    private static final String VSCTL_MAIN = "io.ovsnet.agent.cli.vsctl.VsctlMain";

    private final String agentClasspath;
    private final Path work;
    private final Path archive;
    private final String remote;
    /** Another build to time in the same rounds (before/after), or null: its class path and main class. */
    private final String baselineClasspath = System.getProperty("baseline.classpath");
    private final String baselineMain = System.getProperty("baseline.main", VSCTL_MAIN);

    private VsctlBenchmark(String agentClasspath, Path work, String remote) {
        this.agentClasspath = agentClasspath;
        this.work = work;
        this.archive = work.resolve("vsctl.jsa");
        this.remote = remote;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: VsctlBenchmark AGENT_CLASSPATH [ports (2000)] [rounds (10)]");
            System.exit(2);
        }
        int ports = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Files.createTempDirectory("ovsnet-bench-vsctl-");
        try (Store store = Store.standalone(Path.of("/usr/share/openvswitch/vswitch.ovsschema"))) {
            VsctlBenchmark bench = new VsctlBenchmark(args[0], work, store.unixRemote());
            bench.populate(ports);
            bench.run(ports, rounds);
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private void populate(int ports) {
        ovsVsctl("--no-wait", "init", "--", "add-br", "br0").orThrow();
        int batch = 500;
        for (int start = 0; start < ports; start += batch) {
            List<String> args = new ArrayList<>(List.of("ovs-vsctl", "--db=" + remote, "--no-wait"));
            for (int i = start; i < Math.min(ports, start + batch); i++) {
                if (i > start) {
                    args.add("--");
                }
                args.addAll(List.of("add-port", "br0", "port" + i, "tag=" + (1 + i % 4000), "--", "set",
                        "Interface", "port" + i, "type=internal", "external_ids:container_id=\"c" + i + "\"",
                        "options:note=\"port " + i + "\""));
            }
            CommandRunner.local().run(args).orThrow();
        }
    }

    private CommandResult ovsVsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=" + remote));
        command.addAll(Arrays.asList(args));
        return CommandRunner.local().run(command);
    }

    /** A process to time: a label and its command line. */
    private record Case(String label, List<String> command) {
    }

    private List<String> java(boolean shared, String main, String... args) {
        List<String> c = new ArrayList<>(List.of("java"));
        if (shared) {
            c.addAll(FAST_FLAGS);
            c.add("-XX:SharedArchiveFile=" + archive);
        } else {
            c.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-Xshare:off"));
        }
        c.addAll(List.of("-cp", classpath(), main));
        c.addAll(Arrays.asList(args));
        return c;
    }

    /** The agent's runtime jars, then this benchmark's jar (for {@link Startup}). */
    private String classpath() {
        try {
            return agentClasspath + ":" + Path.of(Startup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The baseline build's command line: the same flags, its own archive, class path and main class. */
    private List<String> baseline(String... args) {
        List<String> c = new ArrayList<>(List.of("java"));
        c.addAll(FAST_FLAGS);
        c.add("-XX:SharedArchiveFile=" + work.resolve("baseline.jsa"));
        c.addAll(List.of("-cp", baselineClasspath, baselineMain));
        c.addAll(Arrays.asList(args));
        return c;
    }

    /** One invocation that loads the classes of both commands, writing a CDS archive at exit. */
    private static void train(Path archive, String classpath, String main, String db) {
        List<String> training = new ArrayList<>(List.of("java"));
        training.addAll(FAST_FLAGS.subList(0, 4));
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", classpath, main, db, "show", "--", "list", "Interface"));
        CommandRunner.local().run(training).orThrow();
    }

    private void run(int ports, int rounds) throws IOException {
        String db = "--db=" + remote;
        train(archive, classpath(), VSCTL_MAIN, db);
        if (baselineClasspath != null) {
            train(work.resolve("baseline.jsa"), baselineClasspath, baselineMain, db);
        }

        for (String command : List.of("show", "list Interface")) {
            List<String> words = Arrays.asList(command.split(" "));
            byte[] theirs = output(concat(List.of("ovs-vsctl", db), words));
            byte[] ours = output(concat(java(true, VSCTL_MAIN, db), words));
            if (!Arrays.equals(theirs, ours)) {
                throw new IllegalStateException("ovsnet vsctl " + command + " differs from ovs-vsctl's output");
            }
            System.out.printf(Locale.ROOT, "%s: identical output, %d bytes%n", command, ours.length);
        }

        List<Case> cases = new ArrayList<>(List.of(
                new Case("JVM start-up alone (empty main, same flags + CDS)", java(true, Startup.class.getName())),
                new Case("ovs-vsctl show", List.of("ovs-vsctl", db, "show")),
                new Case("ovsnet vsctl show", concat(java(true, VSCTL_MAIN, db), List.of("show"))),
                new Case("ovsnet vsctl show (no CDS)", concat(java(false, VSCTL_MAIN, db), List.of("show"))),
                new Case("ovs-vsctl list Interface", List.of("ovs-vsctl", db, "list", "Interface")),
                new Case("ovsnet vsctl list Interface", concat(java(true, VSCTL_MAIN, db), List.of("list", "Interface"))),
                new Case("ovsnet vsctl list Interface (no CDS)",
                        concat(java(false, VSCTL_MAIN, db), List.of("list", "Interface")))));
        if (baselineClasspath != null) {
            cases.add(new Case("baseline: ovsnet vsctl show", baseline(db, "show")));
            cases.add(new Case("baseline: ovsnet vsctl list Interface", baseline(db, "list", "Interface")));
        }
        Map<Case, long[]> times = new LinkedHashMap<>();
        Map<Case, long[]> cpu = new LinkedHashMap<>();
        for (Case c : cases) {
            times.put(c, new long[rounds]);
            cpu.put(c, new long[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (Case c : cases) {
                long[] wallAndCpu = measure(c.command());
                times.get(c)[r] = wallAndCpu[0];
                cpu.get(c)[r] = wallAndCpu[1];
            }
        }
        System.out.printf(Locale.ROOT, "%n%d ports, %d rounds, ovsnet flags: %s -XX:SharedArchiveFile=...%n",
                ports, rounds, String.join(" ", FAST_FLAGS));
        System.out.printf(Locale.ROOT, "%-52s %9s %9s %9s %11s%n", "process (whole process)", "wall p50", "wall min",
                "wall max", "cpu p50");
        for (Case c : cases) {
            long[] t = times.get(c).clone();
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "%-52s %7.1fms %7.1fms %7.1fms %9.1fms%n", c.label(),
                    t[t.length / 2] / 1e6, t[0] / 1e6, t[t.length - 1] / 1e6, median(cpu.get(c)) / 1e6);
        }
        System.out.printf(Locale.ROOT, "%nratio ovsnet/ovs-vsctl, wall medians: show %.1fx, list Interface %.1fx;"
                        + " cpu medians: show %.1fx, list Interface %.1fx%n",
                median(times.get(cases.get(2))) / median(times.get(cases.get(1))),
                median(times.get(cases.get(5))) / median(times.get(cases.get(4))),
                median(cpu.get(cases.get(2))) / median(cpu.get(cases.get(1))),
                median(cpu.get(cases.get(5))) / median(cpu.get(cases.get(4))));
    }

    private static double median(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> c = new ArrayList<>(a);
        c.addAll(b);
        return c;
    }

    private byte[] output(List<String> command) throws IOException {
        Path out = work.resolve("out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        waitFor(p, command);
        return Files.readAllBytes(out);
    }

    /**
     * Runs the command under /usr/bin/time: its wall time (measured here) and its CPU time, user
     * plus system (reported by time(1) in hundredths of a second), in nanoseconds.
     */
    private long[] measure(List<String> command) throws IOException {
        Path times = work.resolve("time");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        timed.addAll(command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(timed).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        waitFor(p, command);
        long wall = System.nanoTime() - start;
        String[] userSys = Files.readString(times).trim().split("\\s+");
        long cpu = (long) ((Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1])) * 1e9);
        return new long[] {wall, cpu};
    }

    private static void waitFor(Process p, List<String> command) {
        try {
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("exit status " + code + ": " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
