package org.layerbench.app.gui.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.layerbench.engine.project.TrainingSettings;
import org.layerbench.engine.train.TrainConfig;

/** Settings shared with training, and how rates are rounded, shown and parsed. */
class LrSettingsTest {

  @Test
  void theSweepUsesTheProjectsTrainingSettings() {
    TrainingSettings training =
        TrainingSettings.DEFAULTS
            .with("batchSize", 16)
            .with("lr", 0.003)
            .with("optimizer", "sgd")
            .with("imageSize", 48)
            .with("seed", 7)
            .with("weightDecay", 0.01)
            .with("epochs", 5)
            .with("schedule", "onecycle");
    TrainConfig c = LrSettings.config(training);
    assertThat(c.batchSize()).isEqualTo(16);
    assertThat(c.imageSize()).isEqualTo(48);
    assertThat(c.optimizer()).isEqualTo("sgd");
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.weightDecay()).isEqualTo(0.01);
    assertThat(c.schedule()).isEqualTo("constant");
    assertThat(LrSettings.lr(training)).isEqualTo(0.003);
  }

  @Test
  void missingSettingsAreTheTrainingDefaultsAndBadOnesASentence() {
    assertThat(LrSettings.batch(TrainingSettings.DEFAULTS))
        .isEqualTo(TrainConfig.defaults().batchSize());
    assertThat(LrSettings.size(TrainingSettings.DEFAULTS)).isEqualTo(64);
    assertThat(LrSettings.config(TrainingSettings.DEFAULTS).epochs()).isEqualTo(1);
  }

  @Test
  void rangeProblemsAreSentences() {
    assertThat(LrSettings.DEFAULT.problem()).isNull();
    assertThat(new LrSettings(0, 1, 10).problem()).contains("start rate");
    assertThat(new LrSettings(1, 1, 10).problem()).contains("larger than the start");
    assertThat(new LrSettings(1e-5, 1, 1).problem()).contains("between 2 and");
  }

  @Test
  void ratesAreRoundedToThreeDigitsAndShownShort() {
    assertThat(LrFormat.round(0.0030219)).isEqualTo(0.00302);
    assertThat(LrFormat.rate(0.00302)).isEqualTo("3.02e-3");
    assertThat(LrFormat.rate(3e-3)).isEqualTo("3e-3");
    assertThat(LrFormat.rate(1e-7)).isEqualTo("1e-7");
    assertThat(LrFormat.rate(10)).isEqualTo("10");
    assertThat(LrFormat.rate(0.625)).isEqualTo("0.625");
    assertThat(LrFormat.rate(Double.NaN)).isEqualTo("—");
    assertThat(LrFormat.loss(1.098612)).isEqualTo("1.099");
    assertThat(LrFormat.parseRate(" 1E-3 ", "x")).isEqualTo(0.001);
    assertThatThrownBy(() -> LrFormat.parseRate("-1", "The start rate"))
        .hasMessage("The start rate must be a positive number such as 1e-3, not '-1'");
  }
}
