package io.ovsnet.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttacherTest {

    @Test
    void theFirstFreeEthNameSkipsTakenOnesAndFillsGaps() {
        assertThat(Attacher.firstFreeEth(List.of("lo"))).isEqualTo("eth0");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth1"))).isEqualTo("eth2");
        assertThat(Attacher.firstFreeEth(List.of("lo", "eth0", "eth2"))).isEqualTo("eth1");
        assertThat(Attacher.firstFreeEth(List.of())).isEqualTo("eth0");
    }
}
