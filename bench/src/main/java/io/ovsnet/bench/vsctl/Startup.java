package io.ovsnet.bench.vsctl;

/** An empty program: timing it gives the JVM's own start-up with the benchmark's flags. */
public final class Startup {
    private Startup() {
    }

    public static void main(String[] args) {
        // Nothing: the JVM starts and exits.
    }
}
