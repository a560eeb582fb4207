package io.ovsnet.agent.attach;

/**
 * Microseconds spent in each named step of one attach, for the DEBUG log that shows where attach
 * time goes: {@code lookup=420 netns=180 ...}. Not thread-safe; one per attach.
 */
final class StepTimer {
    private final StringBuilder laps = new StringBuilder();
    private final long started = System.nanoTime();
    private long last = started;

    /** Ends the step {@code name}, which began at the previous lap (or at construction). */
    void lap(String name) {
        long now = System.nanoTime();
        if (!laps.isEmpty()) {
            laps.append(' ');
        }
        laps.append(name).append('=').append((now - last) / 1000);
        last = now;
    }

    /** The steps so far and their total, such as {@code lookup=420 netns=180 total=600}. */
    @Override
    public String toString() {
        return laps + " total=" + (last - started) / 1000;
    }
}
