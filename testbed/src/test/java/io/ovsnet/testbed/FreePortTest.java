package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void picksBelowTheKernelsEphemeralRange() throws Exception {
        int low;
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            low = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        }
        assertThat(FreePort.ephemeralLow()).isEqualTo(low);
        for (int i = 0; i < 20; i++) {
            assertThat(FreePort.pick()).isGreaterThanOrEqualTo(10_000).isLessThan(low);
        }
    }
}
