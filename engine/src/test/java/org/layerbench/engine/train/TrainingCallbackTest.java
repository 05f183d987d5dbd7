package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping and checkpointing keep their own state, and take it back from a checkpoint. */
class TrainingCallbackTest {
  private static TrainingCallback.EpochEnd epoch(int n, double valLoss, double valAccuracy) {
    return new TrainingCallback.EpochEnd(n, true, true, 1.0, valLoss, valAccuracy);
  }

  @Test
  void earlyStoppingCountsEpochsWithoutImprovementOfTheMonitoredValue() {
    EarlyStopping s = new EarlyStopping(2, "val_loss");
    s.onEpochEnd(epoch(1, 0.9, 0.5));
    s.onEpochEnd(epoch(2, 0.8, 0.5));
    assertThat(s.stale()).isZero();
    s.onEpochEnd(epoch(3, 0.8, 0.9)); // equal is no improvement (min_delta 0)
    assertThat(s.shouldStop()).isFalse();
    // a partial epoch (stopped in it) and an epoch without validation are not judged
    s.onEpochEnd(new TrainingCallback.EpochEnd(4, false, true, 1, 5.0, 0));
    s.onEpochEnd(new TrainingCallback.EpochEnd(4, true, false, 1, Double.NaN, Double.NaN));
    assertThat(s.stale()).isEqualTo(1);
    s.onEpochEnd(epoch(4, 0.85, 0.9));
    assertThat(s.shouldStop()).isTrue();

    EarlyStopping accuracy = new EarlyStopping(1, "val_accuracy");
    accuracy.onEpochEnd(epoch(1, 0.9, 0.5));
    accuracy.onEpochEnd(epoch(2, 0.1, 0.6)); // accuracy rose: better, whatever the loss
    assertThat(accuracy.stale()).isZero();

    EarlyStopping off = new EarlyStopping(0, "val_loss");
    for (int e = 1; e < 5; e++) {
      off.onEpochEnd(epoch(e, 1.0, 0.5));
    }
    assertThat(off.shouldStop()).isFalse();
  }

  @Test
  void aRestoredEarlyStoppingCountsOnFromWhereItWasSaved() {
    EarlyStopping before = new EarlyStopping(3, "val_loss");
    before.onEpochEnd(epoch(1, 0.5, 0.5));
    before.onEpochEnd(epoch(2, 0.6, 0.5));
    before.onEpochEnd(epoch(3, 0.7, 0.5));

    Map<String, Object> trainer = new HashMap<>();
    trainer.put("callbacks", TrainingCallback.states(List.of(before)));
    EarlyStopping after = new EarlyStopping(3, "val_loss");
    TrainingCallback.restoreAll(List.of(after), trainer);
    assertThat(after.state()).isEqualTo(before.state());
    after.onEpochEnd(epoch(4, 0.55, 0.5)); // worse than 0.5, the best before the interruption
    assertThat(after.shouldStop()).isTrue();
  }

  @Test
  void checkpointingKeepsTheBestEpochByAccuracyThenLossAndRestoresIt() {
    Path best = Path.of("best.lbmodel");
    Checkpointing c = new Checkpointing(best);
    c.onEpochEnd(epoch(1, 0.9, 0.5));
    assertThat(c.bestTarget()).isEqualTo(best);
    c.onEpochEnd(epoch(2, 0.8, 0.4));
    assertThat(c.bestTarget()).isNull();
    c.onEpochEnd(epoch(3, 0.7, 0.5)); // same accuracy, lower loss
    assertThat(c.bestTarget()).isEqualTo(best);
    assertThat(c.bestAccuracy()).isEqualTo(0.5);

    Map<String, Object> trainer = Map.of("callbacks", TrainingCallback.states(List.of(c)));
    Checkpointing resumed = new Checkpointing(best);
    TrainingCallback.restoreAll(List.of(resumed), trainer);
    resumed.onEpochEnd(epoch(4, 0.75, 0.5)); // not better than epoch 3
    assertThat(resumed.bestTarget()).isNull();

    // without validation every epoch is kept as the best, and no accuracy is claimed
    Checkpointing unvalidated = new Checkpointing(best);
    unvalidated.onEpochEnd(
        new TrainingCallback.EpochEnd(1, true, false, 1, Double.NaN, Double.NaN));
    assertThat(unvalidated.bestTarget()).isEqualTo(best);
    assertThat(unvalidated.bestAccuracy()).isEqualTo(-1);
    assertThat(unvalidated.state()).containsEntry("bestLoss", null);
  }

  /** Checkpoints written before callbacks had their own state kept the same keys at the top. */
  @Test
  void checkpointsOfEarlierVersionsRestoreFromTheirFlatTrainerState() {
    Map<String, Object> old = new HashMap<>();
    old.put("epoch", 4);
    old.put("bestAccuracy", 0.75);
    old.put("bestLoss", null);
    old.put("monitorBest", "NaN"); // how some writers spell NaN
    old.put("stale", 2);
    Checkpointing c = new Checkpointing(Path.of("b"));
    EarlyStopping s = new EarlyStopping(2, "val_loss");
    TrainingCallback.restoreAll(List.of(c, s), old);
    assertThat(c.bestAccuracy()).isEqualTo(0.75);
    assertThat(s.stale()).isEqualTo(2);
    assertThat(s.shouldStop()).isTrue();

    EarlyStopping broken = new EarlyStopping(2, "val_loss");
    assertThatThrownBy(() -> broken.restore(Map.of("stale", "two")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'stale'");
  }
}
