package io.ovsnet.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(8));

    @Test
    void doublesEachRoundUpToTheMaximum() {
        assertThat(backoff.ceiling(1)).isEqualTo(100);
        assertThat(backoff.ceiling(2)).isEqualTo(200);
        assertThat(backoff.ceiling(7)).isEqualTo(6400);
        assertThat(backoff.ceiling(8)).isEqualTo(8000);
        assertThat(backoff.ceiling(1_000)).isEqualTo(8000);
    }

    @Test
    void jittersWithinTheUpperHalfOfTheCeiling() {
        for (int round = 1; round < 12; round++) {
            long ceiling = backoff.ceiling(round);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(round).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void spreadsClientsApart() {
        long distinct = IntStream.range(0, 100).mapToObj(i -> backoff.delay(5)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
