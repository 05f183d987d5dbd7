package org.layerbench.app.gui.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.service.BackgroundJob.State;

/**
 * The background job without a window: a queue of work the test runs by hand stands in for the
 * engine thread, and the FX executor runs on the calling thread, so every step is deterministic.
 */
class BackgroundJobTest {

  /** Work queued until the test runs it: the engine thread, one job at a time. */
  private static final class HandRun<T> implements Function<Callable<T>, CompletableFuture<T>> {
    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public CompletableFuture<T> apply(Callable<T> work) {
      CompletableFuture<T> f = new CompletableFuture<>();
      queued.add(
          () -> {
            try {
              f.complete(work.call());
            } catch (Exception e) {
              f.completeExceptionally(e);
            }
          });
      return f;
    }

    void runNext() {
      queued.removeFirst().run();
    }
  }

  private final BackgroundJob job = new BackgroundJob(Runnable::run);
  private final HandRun<String> engine = new HandRun<>();

  @Test
  void waitsThenRunsThenSucceedsAndHandsTheResultOver() {
    List<State> states = new ArrayList<>();
    job.stateProperty().addListener((obs, o, n) -> states.add(n));
    List<String> results = new ArrayList<>();
    job.<String>task(
            "count",
            p -> {
              p.update(0.5, "Counting: 1 of 2");
              return "two";
            })
        .onSuccess(
            r -> {
              results.add(r);
              job.say("Counted " + r + ".");
            })
        .start(engine);

    assertThat(job.stateProperty().get()).isEqualTo(State.WAITING);
    assertThat(job.runningProperty().get()).isTrue();
    assertThat(job.progressProperty().get()).isEqualTo(-1.0);
    assertThat(job.messageProperty().get()).isEqualTo("Waiting for the engine…");

    engine.runNext();

    assertThat(states).containsExactly(State.WAITING, State.RUNNING, State.SUCCEEDED);
    assertThat(results).containsExactly("two");
    assertThat(job.runningProperty().get()).isFalse();
    assertThat(job.progressProperty().get()).isZero();
    assertThat(job.messageProperty().get()).isEqualTo("Counted two.");
    assertThat(job.failureProperty().get()).isNull();
  }

  @Test
  void progressFromTheWorkReachesTheProperties() {
    List<String> messages = new ArrayList<>();
    job.messageProperty().addListener((obs, o, n) -> messages.add(n));
    job.<String>task(
            "count",
            p -> {
              p.update(0.25, "Counting: 1 of 4");
              return "done";
            })
        .start(engine);
    engine.runNext();
    assertThat(messages).contains("Counting: 1 of 4");
  }

  @Test
  void cancelBeforeItStartsNeverRunsTheWork() {
    List<String> ran = new ArrayList<>();
    List<String> results = new ArrayList<>();
    job.<String>task(
            "count",
            p -> {
              ran.add("ran");
              return "x";
            })
        .onSuccess(results::add)
        .onCancelled("Counting cancelled.")
        .start(engine);

    job.cancel();
    assertThat(job.messageProperty().get()).isEqualTo("Cancelling…");
    assertThat(job.runningProperty().get()).isTrue(); // until the engine gets to it
    engine.runNext();

    assertThat(ran).isEmpty();
    assertThat(results).isEmpty();
    assertThat(job.stateProperty().get()).isEqualTo(State.CANCELLED);
    assertThat(job.runningProperty().get()).isFalse();
    assertThat(job.messageProperty().get()).isEqualTo("Counting cancelled.");
  }

  @Test
  void aCancelledJobsResultNeverLandsEvenWhenItsWorkFinishes() {
    List<String> results = new ArrayList<>();
    job.<String>task(
            "count",
            p -> {
              job.cancel(); // the user presses Cancel while the work is on its last step
              p.update(1, "Counting: 2 of 2");
              return "late";
            })
        .onSuccess(results::add)
        .onCancelled("Counting cancelled.")
        .start(engine);
    engine.runNext();

    assertThat(results).isEmpty();
    assertThat(job.stateProperty().get()).isEqualTo(State.CANCELLED);
    assertThat(job.messageProperty().get()).isEqualTo("Counting cancelled.");
  }

  @Test
  void aSupersededJobsProgressAndResultNeverLand() {
    List<String> results = new ArrayList<>();
    job.<String>task(
            "first",
            p -> {
              p.update(0.9, "First: almost");
              return "first";
            })
        .onSuccess(results::add)
        .start(engine);
    job.<String>task("second", p -> "second").onSuccess(results::add).start(engine);

    engine.runNext(); // the first was superseded before it started: it does not even run
    assertThat(results).isEmpty();
    assertThat(job.stateProperty().get()).isEqualTo(State.WAITING);
    assertThat(job.messageProperty().get()).isEqualTo("Waiting for the engine…");
    assertThat(job.runningProperty().get()).isTrue();

    engine.runNext();
    assertThat(results).containsExactly("second");
    assertThat(job.stateProperty().get()).isEqualTo(State.SUCCEEDED);
  }

  @Test
  void aJobSupersededWhileRunningDoesNotOverwriteTheNewOne() {
    List<String> results = new ArrayList<>();
    job.<String>task(
            "first",
            p -> {
              // a newer job starts while this one runs (the user changed the model)
              job.<String>task("second", q -> "second").onSuccess(results::add).start(engine);
              p.update(0.9, "First: almost");
              return "first";
            })
        .onSuccess(results::add)
        .start(engine);
    engine.runNext();

    assertThat(results).isEmpty();
    assertThat(job.stateProperty().get()).isEqualTo(State.WAITING);
    assertThat(job.messageProperty().get()).isEqualTo("Waiting for the engine…");
    engine.runNext();
    assertThat(results).containsExactly("second");
  }

  @Test
  void anErrorBecomesASentenceAndTheStatusClears() {
    job.<String>task(
            "read /data/x.lbmodel",
            p -> {
              throw new IOException("the file is truncated");
            })
        .start(engine);
    engine.runNext();

    assertThat(job.stateProperty().get()).isEqualTo(State.FAILED);
    assertThat(job.runningProperty().get()).isFalse();
    assertThat(job.messageProperty().get()).isEmpty();
    assertThat(job.failureProperty().get().message())
        .isEqualTo("Could not read /data/x.lbmodel: the file is truncated.")
        .doesNotContain("IOException", "\tat ");
  }

  @Test
  void aNewJobClearsTheLastFailureAndAbandonDropsTheRunningOne() {
    job.<String>task(
            "count",
            p -> {
              throw new IllegalStateException("no");
            })
        .start(engine);
    engine.runNext();
    assertThat(job.failureProperty().get()).isNotNull();

    List<String> results = new ArrayList<>();
    job.<String>task("count", p -> "x").onSuccess(results::add).start(engine);
    assertThat(job.failureProperty().get()).isNull();
    job.abandon("Choose a model.");
    assertThat(job.runningProperty().get()).isFalse();
    assertThat(job.stateProperty().get()).isEqualTo(State.IDLE);
    engine.runNext();
    assertThat(results).isEmpty();
    assertThat(job.messageProperty().get()).isEqualTo("Choose a model.");
  }

  @Test
  void anExecutorThatRefusesTheWorkFailsTheJob() {
    job.<String>task("count", p -> "x")
        .start(
            work -> {
              throw new IllegalStateException("the engine is closed");
            });
    assertThat(job.stateProperty().get()).isEqualTo(State.FAILED);
    assertThat(job.failureProperty().get().message())
        .isEqualTo("Could not count: the engine is closed.");
  }
}
