package io.ovsnet.agent.netlink;

import java.nio.file.Path;

/**
 * A network namespace, named by a file that refers to it: a bind mount such as
 * {@code /run/netns/NAME} (made by {@code ip netns add}), Docker's SandboxKey such as
 * {@code /var/run/docker/netns/0123abcd}, or a process's {@code /proc/PID/ns/net}.
 * {@link #current()} is the namespace this process runs in.
 */
public record Namespace(Path path) {
    private static final Namespace CURRENT = new Namespace(Path.of("/proc/self/ns/net"));

    public Namespace {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("a namespace path must be absolute: " + path);
        }
    }

    /** The namespace of this process (of its main thread). */
    public static Namespace current() {
        return CURRENT;
    }

    /** A namespace made by {@code ip netns add NAME}: {@code /run/netns/NAME}. */
    public static Namespace named(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("not a namespace name: " + name);
        }
        return new Namespace(Path.of("/run/netns", name));
    }

    /** The namespace of process {@code pid}, such as a container's init process. */
    public static Namespace ofPid(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return new Namespace(Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /** A namespace file, such as Docker's SandboxKey. */
    public static Namespace of(Path path) {
        return new Namespace(path);
    }

    /** Whether this is {@link #current()}: a handle on it needs no namespace switch. */
    public boolean isCurrent() {
        return equals(CURRENT);
    }
}
