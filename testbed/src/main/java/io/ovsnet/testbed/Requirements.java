package io.ovsnet.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the testbed needs from the machine: root, and binaries from Debian packages. A missing
 * piece is a clear failure naming the fix, never a silent skip.
 */
final class Requirements {
    /** Binaries every testbed needs, with the Debian package that provides each. */
    static final Map<String, String> OVS = packages(
            "ip", "iproute2", "ethtool", "ethtool", "ovsdb-tool", "openvswitch-switch",
            "ovsdb-server", "openvswitch-switch", "ovs-vswitchd", "openvswitch-switch",
            "ovs-vsctl", "openvswitch-switch", "ovs-appctl", "openvswitch-switch",
            "ovsdb-client", "openvswitch-switch");
    /** Binaries for dockerd per host. */
    static final Map<String, String> DOCKER = packages(
            "dockerd", "docker.io", "docker", "docker.io", "nsenter", "util-linux",
            "unshare", "util-linux", "tar", "tar", "busybox", "busybox-static");

    private Requirements() {
    }

    /**
     * Checks that the JVM runs as root and that every binary in {@code needs} is on the PATH
     * (busybox must be the static one at /bin/busybox).
     *
     * @throws TestbedException naming what is missing and the package to install
     */
    static void check(Map<String, String> needs) {
        requireRoot(effectiveUid());
        List<String> missing = new ArrayList<>();
        needs.forEach((binary, pkg) -> {
            if (!onPath(binary)) {
                missing.add(binary + " (apt-get install " + pkg + ")");
            }
        });
        if (needs.containsKey("busybox") && !Files.isExecutable(Path.of("/bin/busybox"))) {
            missing.add("/bin/busybox (apt-get install busybox-static)");
        }
        if (!missing.isEmpty()) {
            throw new TestbedException("the testbed needs binaries that are not installed: "
                    + String.join(", ", missing));
        }
    }

    /** @throws TestbedException unless {@code uid} is 0 */
    static void requireRoot(long uid) {
        if (uid != 0) {
            throw new TestbedException("integration tests must run as root: the testbed creates network "
                    + "namespaces and starts ovsdb-server, ovs-vswitchd and dockerd (effective uid " + uid
                    + "; run with sudo)");
        }
    }

    private static long effectiveUid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .mapToLong(line -> Long.parseLong(line.split("\\s+")[2]))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new TestbedException("cannot read /proc/self/status to check for root: " + e.getMessage(), e);
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> packages(String... binaryThenPackage) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < binaryThenPackage.length; i += 2) {
            map.put(binaryThenPackage[i], binaryThenPackage[i + 1]);
        }
        return map;
    }
}
