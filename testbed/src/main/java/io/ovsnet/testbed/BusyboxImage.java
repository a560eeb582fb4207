package io.ovsnet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A minimal image for test containers, built without a registry: {@code /bin/busybox} (from
 * busybox-static) with symlinks for the tools tests use, packed as a tar for
 * {@code docker import}.
 */
final class BusyboxImage {
    /** The name every testbed dockerd knows the image by. */
    static final String NAME = "ovsnet-busybox:test";
    private static final List<String> TOOLS = List.of("sh", "ping", "ip", "sleep", "nc", "cat", "echo",
            "ls", "ifconfig", "route", "arp", "hostname", "true", "false", "wget", "grep", "ps");

    private BusyboxImage() {
    }

    /** Writes the image's root file system as {@code directory/busybox.tar}; returns that path. */
    static Path buildTar(Path directory) {
        Path root = directory.resolve("busybox-root");
        Path tar = directory.resolve("busybox.tar");
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            for (String tool : TOOLS) {
                Files.createSymbolicLink(root.resolve("bin").resolve(tool), Path.of("busybox"));
            }
        } catch (IOException e) {
            throw new TestbedException("cannot build the busybox image in " + root + ": " + e.getMessage(), e);
        }
        CommandRunner.local().check("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        return tar;
    }
}
