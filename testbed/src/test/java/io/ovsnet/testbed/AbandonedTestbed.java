package io.ovsnet.testbed;

/**
 * A program that builds a testbed and exits without closing it: normally (only the shutdown
 * hook can clean up) or, with the argument {@code crash}, by halting the JVM so that not even
 * the hook runs. Started in its own JVM by {@link AbandonedRunIT}.
 */
public final class AbandonedTestbed {
    private AbandonedTestbed() {
    }

    public static void main(String[] args) {
        Testbed testbed = Testbed.builder().hosts(1).withDocker().start();
        testbed.host(1).addContainer("orphan");
        System.out.println("run=" + testbed.runId() + " pids="
                + testbed.daemons().stream().map(Daemon::pid).toList());
        System.out.flush();
        if (args.length > 0 && args[0].equals("crash")) {
            Runtime.getRuntime().halt(0);
        }
    }
}
