package io.ovsnet.agent.cli.vsctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of one run goes, for tuning start-up: with {@code OVSNET_VSCTL_TIMING} set in
 * the environment, each phase's wall time and the main thread's CPU time in it are printed on
 * standard error at the end. Off, a phase
 * costs one check; on, marking stays cheap and the printing is done last.
 */
final class PhaseTimer {
    private static final boolean ON = System.getenv("OVSNET_VSCTL_TIMING") != null;
    private static final List<String> NAMES = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();
    private static final List<Long> CPU_TIMES = new ArrayList<>();

    private PhaseTimer() {
    }

    /** Ends the phase called {@code name}, started by the previous call (the first call starts the clock). */
    static void mark(String name) {
        if (ON) {
            TIMES.add(System.nanoTime());
            CPU_TIMES.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            NAMES.add(name);
        }
    }

    /** Prints the phases so far, and the JVM's time from its start to the first mark. */
    static void report() {
        if (!ON || TIMES.isEmpty()) {
            return;
        }
        long firstWallMillis = System.currentTimeMillis() - (System.nanoTime() - TIMES.get(0)) / 1_000_000;
        long toFirst = firstWallMillis
                - ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(firstWallMillis);
        StringBuilder s = new StringBuilder("vsctl timing: process start to ").append(NAMES.get(0)).append(' ')
                .append(toFirst).append(" ms");
        for (int i = 1; i < TIMES.size(); i++) {
            s.append(String.format(Locale.ROOT, "; %s %.1f ms (cpu %.1f)", NAMES.get(i),
                    (TIMES.get(i) - TIMES.get(i - 1)) / 1e6, (CPU_TIMES.get(i) - CPU_TIMES.get(i - 1)) / 1e6));
        }
        System.err.println(s);
    }
}
