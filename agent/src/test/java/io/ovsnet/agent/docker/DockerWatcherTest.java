package io.ovsnet.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerWatcherTest {

    @Test
    void turnsTheDaemonClockIntoSecondsAndNanoseconds() {
        assertThat(DockerWatcher.unixTime("2026-11-27T04:55:13.507712748Z")).isEqualTo("1795755313.507712748");
        assertThat(DockerWatcher.unixTime("1970-01-01T01:00:01.5+01:00")).isEqualTo("1.500000000");
    }
}
