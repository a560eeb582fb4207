package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownTest {

    @Test
    void runsStepsNewestFirstAndOnlyOnce() {
        List<String> done = new ArrayList<>();
        Teardown teardown = new Teardown();
        teardown.add("first", () -> done.add("first"));
        teardown.add("second", () -> done.add("second"));
        teardown.run();
        teardown.run();
        assertThat(done).containsExactly("second", "first");
    }

    @Test
    void aFailingStepDoesNotStopTheOthersAndIsReported() {
        List<String> done = new ArrayList<>();
        Teardown teardown = new Teardown();
        teardown.add("first", () -> done.add("first"));
        teardown.add("broken", () -> {
            throw new IllegalStateException("boom");
        });
        teardown.add("third", () -> done.add("third"));
        assertThatThrownBy(teardown::run).isInstanceOf(TestbedException.class)
                .hasMessageContaining("broken: boom");
        assertThat(done).containsExactly("third", "first");
    }
}
