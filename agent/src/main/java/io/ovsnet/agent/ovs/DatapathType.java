package io.ovsnet.agent.ovs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which datapath the integration bridge uses ({@code Bridge.datapath_type}). */
public enum DatapathType {
    /** The kernel module's datapath. */
    SYSTEM("system"),
    /** The userspace datapath, for kernels without the openvswitch module. */
    NETDEV("netdev");

    private static final Path MODULE = Path.of("/sys/module/openvswitch");

    private final String ovsName;

    DatapathType(String ovsName) {
        this.ovsName = ovsName;
    }

    /** The value of {@code Bridge.datapath_type}. */
    public String ovsName() {
        return ovsName;
    }

    /** {@link #SYSTEM} when this kernel has the openvswitch module loaded, else {@link #NETDEV}. */
    public static DatapathType forThisKernel() {
        return forModuleDirectory(MODULE);
    }

    /** {@link #SYSTEM} when {@code moduleDirectory} (normally {@code /sys/module/openvswitch}) exists. */
    static DatapathType forModuleDirectory(Path moduleDirectory) {
        return Files.isDirectory(moduleDirectory) ? SYSTEM : NETDEV;
    }
}
