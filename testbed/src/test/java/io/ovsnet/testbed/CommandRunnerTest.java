package io.ovsnet.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    @Test
    void capturesOutputAndExitCode() {
        CommandResult result = CommandRunner.local().run("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void orThrowNamesTheCommandAndItsOutput() {
        CommandResult result = CommandRunner.local().run("sh", "-c", "echo broken >&2; exit 2");
        assertThatThrownBy(result::orThrow).isInstanceOf(TestbedException.class)
                .hasMessageContaining("exit code 2").hasMessageContaining("sh -c").hasMessageContaining("broken");
    }

    @Test
    void prefixAndEnvironmentApplyToEveryCommand() {
        CommandRunner runner = new CommandRunner(List.of("env"), Map.of("TESTBED_PROBE", "x1"), Duration.ofSeconds(5))
                .within(List.of("sh", "-c"));
        assertThat(runner.commandLine(List.of("echo $TESTBED_PROBE"))).containsExactly("env", "sh", "-c",
                "echo $TESTBED_PROBE");
        assertThat(runner.check("echo $TESTBED_PROBE").stdout()).isEqualTo("x1\n");
    }

    @Test
    void aCommandThatHangsIsKilledAtTheTimeout() {
        CommandRunner runner = new CommandRunner(List.of(), Map.of(), Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(() -> runner.run("sleep", "30")).isInstanceOf(TestbedException.class)
                .hasMessageContaining("did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMissingBinaryIsAClearFailure() {
        assertThatThrownBy(() -> CommandRunner.local().run("no-such-binary-ovsnet"))
                .isInstanceOf(TestbedException.class).hasMessageContaining("cannot start no-such-binary-ovsnet");
    }

    @Test
    void outputLargerThanAPipeBufferDoesNotBlock() {
        CommandResult result = CommandRunner.local().check("sh", "-c",
                "head -c 200000 /dev/zero | tr '\\0' a; head -c 200000 /dev/zero | tr '\\0' b >&2");
        assertThat(result.stdout()).hasSize(200000);
        assertThat(result.stderr()).hasSize(200000);
    }
}
