package org.layerbench.app.gui.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FxThrottleTest {

  @Test
  void manyEventsArriveInOrderInFewBatchesAtMostOnePerPeriod() throws Exception {
    ExecutorService fx = Executors.newSingleThreadExecutor(); // stands in for the FX thread
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    FxThrottle<Integer> t =
        new FxThrottle<>(
            fx,
            50,
            b -> {
              batches.add(b);
              times.add(System.nanoTime());
            });
    long start = System.nanoTime();
    int n = 0;
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(400)) {
      t.offer(n++);
      Thread.sleep(0, 200_000);
    }
    Thread.sleep(150);
    fx.shutdown();
    fx.awaitTermination(1, TimeUnit.SECONDS);
    List<Integer> all = new ArrayList<>();
    batches.forEach(all::addAll);
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(all.get(i)).isEqualTo(i);
    }
    assertThat(batches.size()).isBetween(2, 12); // 400 ms at ≤ 1 per 50 ms
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(i - 1))
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
    }
  }
}
