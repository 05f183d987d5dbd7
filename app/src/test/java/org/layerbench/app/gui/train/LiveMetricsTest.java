package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.train.TrainingEvent;

/** The live view's times leave pauses out, and a continued run keeps what was shown before. */
class LiveMetricsTest {
  private static final long S = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final LiveMetrics live = new LiveMetrics(now::get);

  private static TrainingEvent.BatchEnded batch(int epoch, int i, double rate) {
    return new TrainingEvent.BatchEnded(epoch, (epoch - 1) * 10L + i, i, 10, 1.0 / i, 0.01, rate);
  }

  @Test
  void aPausedEpochsTimeAndRateLeaveThePauseOut() {
    live.reset(2);
    live.started();
    now.set(1 * S);
    live.apply(List.of(batch(1, 1, 100)));
    live.paused(true);
    now.set(11 * S);
    live.paused(false);
    // The engine timed 12 s for 1,200 images, the 10 s pause included.
    now.set(12 * S);
    live.apply(
        List.of(
            batch(1, 10, 100), new TrainingEvent.EpochEnded(1, 0.5, 0.6, 0.7, 1200 / 12.0, 12)));
    LiveMetrics.EpochRow row = live.epochs().getFirst();
    assertThat(row.seconds()).isCloseTo(2, within(1e-9));
    assertThat(row.imagesPerSecond()).isCloseTo(600, within(1e-9));

    // The next epoch had no pause: its time is the engine's.
    now.set(14 * S);
    live.apply(List.of(batch(2, 10, 600), new TrainingEvent.EpochEnded(2, 0.4, 0.5, 0.8, 600, 2)));
    assertThat(live.epochs().get(1).seconds()).isEqualTo(2);
    assertThat(live.epochs().get(1).imagesPerSecond()).isEqualTo(600);
  }

  @Test
  void aContinuedRunKeepsTheEarlierEpochsTimesAndBatchCurves() {
    live.reset(3);
    live.started();
    live.apply(
        List.of(
            batch(1, 5, 100),
            batch(1, 10, 100),
            new TrainingEvent.EpochEnded(1, 0.5, 0.6, 0.7, 100, 12),
            batch(2, 3, 100)));
    LiveMetrics.Snapshot kept = live.snapshot();

    live.reset(3);
    live.continued(3, List.of(new RunRecord.EpochMetrics(1, 0.5, 0.6, 0.7, 0.01)), kept);
    assertThat(live.epochs()).hasSize(1);
    assertThat(live.epochs().getFirst().seconds()).isEqualTo(12);
    assertThat(live.epochs().getFirst().imagesPerSecond()).isEqualTo(100);
    // Epoch 1's batches come back; the partial epoch 2 is trained again, so its batch is not.
    assertThat(live.batchLoss()).extracting(p -> p.getX()).containsExactly(0.5, 1.0);
    assertThat(live.learningRate()).hasSize(2);

    live.reset(3);
    live.continued(3, List.of(new RunRecord.EpochMetrics(1, 0.5, 0.6, 0.7, 0.01)), null);
    assertThat(live.epochs().getFirst().seconds()).as("nothing kept: unknown").isNaN();
  }
}
