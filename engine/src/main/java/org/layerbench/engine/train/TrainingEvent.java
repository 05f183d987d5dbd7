package org.layerbench.engine.train;

import java.nio.file.Path;
import java.util.List;

/** Immutable events of a training run, delivered in order to {@link TrainingListener}s. */
public sealed interface TrainingEvent {

  record RunStarted(
      List<String> classes, int trainSamples, int valSamples, String device, long params)
      implements TrainingEvent {}

  record BatchEnded(
      int epoch, long step, int batch, int batches, double loss, double lr, double samplesPerSecond)
      implements TrainingEvent {}

  record EpochEnded(
      int epoch,
      double trainLoss,
      double valLoss,
      double valAccuracy,
      double samplesPerSecond,
      double seconds)
      implements TrainingEvent {}

  record Checkpointed(int epoch, Path file, boolean best) implements TrainingEvent {}

  record RunFinished(int epochs, boolean stopped, Path bundle, double bestValAccuracy)
      implements TrainingEvent {}

  record RunFailed(String reason) implements TrainingEvent {}
}
