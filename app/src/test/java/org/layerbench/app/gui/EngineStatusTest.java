package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** The status bar's engine state names the job running, not "idle", during a sweep or export. */
class EngineStatusTest {
  @Test
  void namesTheRunningJobAndTrainingWins() {
    var training = new SimpleStringProperty("Engine: idle");
    var sweep = new SimpleBooleanProperty();
    var export = new SimpleBooleanProperty();
    var text =
        EngineStatus.of(
            training,
            new EngineStatus.Job("finding a learning rate", sweep),
            new EngineStatus.Job("exporting", export));
    assertThat(text.get()).isEqualTo("Engine: idle");

    sweep.set(true);
    assertThat(text.get()).isEqualTo("Engine: finding a learning rate");
    sweep.set(false);
    export.set(true);
    assertThat(text.get()).isEqualTo("Engine: exporting");
    training.set("Engine: training epoch 2/8");
    assertThat(text.get()).isEqualTo("Engine: training epoch 2/8");
    training.set("Engine: idle");
    export.set(false);
    assertThat(text.get()).isEqualTo("Engine: idle");
  }
}
