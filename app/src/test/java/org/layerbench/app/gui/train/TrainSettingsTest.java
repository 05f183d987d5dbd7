package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.project.TrainingSettings;
import org.layerbench.engine.train.TrainConfig;

/** The training settings ↔ form text ↔ TrainConfig, without JavaFX. */
class TrainSettingsTest {
  /** As the sample project's values. */
  static final TrainingSettings SAMPLE =
      TrainingSettings.DEFAULTS
          .with("epochs", 8)
          .with("batchSize", 16)
          .with("lr", 0.003)
          .with("imageSize", 64)
          .with("seed", 1);

  @Test
  void readsTheSettingsAndDefaultsForTheRest() {
    TrainConfig c = TrainSettings.config(SAMPLE);
    assertThat(c.epochs()).isEqualTo(8);
    assertThat(c.batchSize()).isEqualTo(16);
    assertThat(c.imageSize()).isEqualTo(64);
    assertThat(c.lr()).isEqualTo(0.003);
    assertThat(c.schedule()).isEqualTo("constant");
    assertThat(c.workers()).isEqualTo(TrainConfig.defaults().workers());
    assertThat(TrainSettings.isSet(SAMPLE, "batchSize")).isTrue();
    assertThat(TrainSettings.isSet(SAMPLE, "weightDecay")).isFalse();
    assertThat(TrainSettings.text(SAMPLE, "batchSize")).isEqualTo("16");
    assertThat(TrainSettings.text(SAMPLE, "lr")).isEqualTo("0.003");
  }

  @Test
  void anEditSetsTheOneFieldAndNullRestoresTheDefault() {
    TrainingSettings m = TrainSettings.with(SAMPLE, "batchSize", 32);
    assertThat(m.batchSize()).isEqualTo(32);
    m = TrainSettings.with(m, "weightDecay", 0.01);
    assertThat(m.weightDecay()).isEqualTo(0.01);
    assertThat(TrainSettings.with(m, "weightDecay", null).weightDecay()).isZero();
    assertThat(TrainSettings.with(m, "weightDecay", null).isSet("weightDecay")).isFalse();
  }

  @Test
  void groupsAreNestedAsInRunJsonAndProgressiveResizingIsEpochToSize() {
    TrainingSettings m = SAMPLE;
    m =
        TrainSettings.with(
            m, "groups.freeze", TrainSettings.parse("groups.freeze", "features, fc"));
    m =
        TrainSettings.with(
            m,
            "groups.lrMultipliers",
            TrainSettings.parse("groups.lrMultipliers", "layer4=0.33, layer3 = 0.11"));
    m = TrainSettings.with(m, "groups.trainBatchNorm", true);
    m = TrainSettings.with(m, "groups.unfreezeAt", 3);
    m =
        TrainSettings.with(
            m,
            TrainSettings.PROGRESSIVE,
            TrainSettings.parse("progressiveResizing", "7:128, 4:96"));
    assertThat(m.freeze()).isEqualTo(List.of("features", "fc"));
    assertThat(m.lrMultipliers())
        .containsExactly(Map.entry("layer4", 0.33), Map.entry("layer3", 0.11));
    assertThat(m.trainBatchNorm()).isTrue();
    assertThat(m.unfreezeAt()).isEqualTo(3);
    TrainConfig c = TrainSettings.config(m);
    assertThat(c.groups().freeze()).containsExactly("features", "fc");
    assertThat(c.groups().multiplier("layer4.0.conv1.weight")).isEqualTo(0.33);
    assertThat(c.groups().trainBatchNorm()).isTrue();
    assertThat(c.groups().unfreezeAt()).isEqualTo(3);
    assertThat(TrainSettings.progressiveResizing(m))
        .containsExactly(Map.entry(4, 96), Map.entry(7, 128));
    assertThat(TrainSettings.text(m, TrainSettings.PROGRESSIVE)).isEqualTo("4:96, 7:128");
    assertThat(TrainSettings.text(m, "groups.lrMultipliers")).isEqualTo("layer4=0.33, layer3=0.11");
    assertThat(TrainSettings.problem(m)).isNull();
  }

  @Test
  void badTextIsRefusedWithASentenceThatNamesTheSetting() {
    assertThatThrownBy(() -> TrainSettings.parse("epochs", "ten"))
        .hasMessage("epochs must be a whole number, got 'ten'");
    assertThatThrownBy(() -> TrainSettings.parse("batchSize", "0"))
        .hasMessage("batch size must be at least 1, got 0");
    assertThatThrownBy(() -> TrainSettings.parse("lr", "-1"))
        .hasMessage("the learning rate must be above 0, got -1");
    assertThatThrownBy(() -> TrainSettings.parse("optimizer", "adagrad"))
        .hasMessageContaining("known: adam, adamw, sgd, sgd-nesterov, rmsprop");
    assertThatThrownBy(() -> TrainSettings.parse("progressiveResizing", "4-96"))
        .hasMessageContaining("epoch:size pairs");
    assertThat(TrainSettings.parse("lr", "")).isNull();
    assertThat(TrainSettings.parse("lr", "3e-4")).isEqualTo(3e-4);
    assertThat(TrainSettings.parse("optimizer", "SGD-Nesterov")).isEqualTo("sgd-nesterov");
  }

  @Test
  void aConfigurationThatCannotRunSaysWhy() {
    TrainingSettings late =
        TrainSettings.with(SAMPLE, TrainSettings.PROGRESSIVE, Map.of("12", 128));
    assertThat(TrainSettings.problem(late))
        .isEqualTo("progressive resizing starts at epoch 12 but the run has only 8 epochs");
    // A value out of range cannot be stored at all (the record refuses it, naming the setting).
    assertThatThrownBy(() -> TrainSettings.with(SAMPLE, "epochs", 0))
        .hasMessage("epochs must be at least 1, got 0");
    assertThatThrownBy(() -> TrainSettings.with(SAMPLE, "monitor", "accuracy"))
        .hasMessageContaining("val_loss, val_accuracy");
  }

  @Test
  void numbersShowInTheirShortestForm() {
    assertThat(TrainSettings.number(0.003)).isEqualTo("0.003");
    assertThat(TrainSettings.number(3e-5)).isEqualTo("3e-5");
    assertThat(TrainSettings.number(64)).isEqualTo("64");
    assertThat(TrainSettings.number(0.25)).isEqualTo("0.25");
    assertThat(TrainSettings.number(0.003 / 25)).isEqualTo("0.00012");
    assertThat(TrainSettings.number(0.00299986, 3)).isEqualTo("0.003");
    assertThat(TrainSettings.number(1.2e-8, 3)).isEqualTo("1.2e-8");
    assertThat(TrainSettings.number(-2.5e-7)).isEqualTo("-2.5e-7");
  }
}
