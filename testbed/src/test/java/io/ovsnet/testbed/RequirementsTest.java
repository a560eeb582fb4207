package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementsTest {

    @Test
    void notRootIsAClearFailure() {
        assertThatThrownBy(() -> Requirements.requireRoot(1000)).isInstanceOf(TestbedException.class)
                .hasMessageStartingWith("integration tests must run as root: ")
                .hasMessageContaining("effective uid 1000");
    }

    @Test
    void aMissingBinaryNamesThePackageToInstall() {
        // Tests run as root (the check for root comes first and would fail otherwise, clearly).
        assertThatThrownBy(() -> Requirements.check(Map.of("ovsnet-no-such-tool", "ovsnet-tools")))
                .isInstanceOf(TestbedException.class)
                .hasMessageContaining("ovsnet-no-such-tool (apt-get install ovsnet-tools)");
    }
}
