package io.ovsnet.agent.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatapathTypeTest {

    @Test
    void systemOnlyWhenTheKernelModuleIsLoaded(@TempDir Path sys) throws Exception {
        Path module = sys.resolve("openvswitch");
        assertThat(DatapathType.forModuleDirectory(module)).isEqualTo(DatapathType.NETDEV);
        Files.createDirectory(module);
        assertThat(DatapathType.forModuleDirectory(module)).isEqualTo(DatapathType.SYSTEM);
        assertThat(DatapathType.NETDEV.ovsName()).isEqualTo("netdev");
        assertThat(DatapathType.SYSTEM.ovsName()).isEqualTo("system");
    }
}
