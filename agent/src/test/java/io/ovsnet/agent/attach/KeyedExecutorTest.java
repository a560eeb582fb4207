package io.ovsnet.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyedExecutorTest {

    @Test
    void tasksOfOneKeyRunOneAtATimeInOrder() throws Exception {
        try (KeyedExecutor executor = new KeyedExecutor(4, "test")) {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostInside = new AtomicInteger();
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                results.add(executor.submit("container-a", () -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(1);
                    order.add(n);
                    inside.decrementAndGet();
                    return n;
                }));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(mostInside.get()).isEqualTo(1);
            assertThat(order).isSortedAccordingTo(Integer::compare).hasSize(50);
        }
    }

    @Test
    void tasksOfDifferentKeysRunAtTheSameTime() throws Exception {
        try (KeyedExecutor executor = new KeyedExecutor(8, "test")) {
            // Two keys that land on different lanes; each task waits for the other.
            String first = "a";
            String second = IntStream.range(0, 100).mapToObj(i -> "b" + i)
                    .filter(k -> Math.floorMod(k.hashCode(), 8) != Math.floorMod(first.hashCode(), 8))
                    .findFirst().orElseThrow();
            CountDownLatch both = new CountDownLatch(2);
            CompletableFuture<Boolean> one = executor.submit(first, () -> {
                both.countDown();
                return both.await(5, TimeUnit.SECONDS);
            });
            CompletableFuture<Boolean> two = executor.submit(second, () -> {
                both.countDown();
                return both.await(5, TimeUnit.SECONDS);
            });
            assertThat(one.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(two.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailingTaskFailsItsFutureAndNotTheLane() throws Exception {
        try (KeyedExecutor executor = new KeyedExecutor(1, "test")) {
            CompletableFuture<Object> failed = executor.submit("k", () -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("boom");
            assertThat(executor.submit("k", () -> "next").get(5, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }

    @Test
    void refusesZeroLanes() {
        assertThatThrownBy(() -> new KeyedExecutor(0, "test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
