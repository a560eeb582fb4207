package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunIdTest {

    @Test
    void namesCarryTheRunIdAndFitInterfaceNames() {
        RunId run = new RunId("0a1b2c");
        assertThat(run.namespace("h1")).isEqualTo("ovt-0a1b2c-h1");
        assertThat(run.directory()).isEqualTo(Path.of("/run/ovsnet-it/0a1b2c"));
    }

    @Test
    void randomIdsDiffer() {
        assertThat(RunId.random()).isNotEqualTo(RunId.random());
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> new RunId("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
