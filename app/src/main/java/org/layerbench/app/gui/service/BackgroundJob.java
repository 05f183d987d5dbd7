package org.layerbench.app.gui.service;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.layerbench.app.gui.Failure;

/**
 * A view-model's background job, modelled on JabRef's {@code BackgroundTask}: the work runs off the
 * FX thread on an executor the view-model is given (the engine thread, or same-thread in tests),
 * and its state, progress and status message are FX properties changed only on the FX thread.
 * Starting a job supersedes the one before, and a superseded or cancelled job's progress and result
 * never land: only the newest job speaks. Failures become a {@link Failure} a person reads (no
 * stack trace in the message).
 */
public final class BackgroundJob {

  /** Where a job is. {@code WAITING}: queued behind other work on its executor. */
  public enum State {
    IDLE,
    WAITING,
    RUNNING,
    SUCCEEDED,
    CANCELLED,
    FAILED
  }

  /** What the work sees while it runs (from its own thread). */
  public interface Progress {
    /** Whether the job was cancelled or superseded; long work checks it between steps. */
    boolean cancelled();

    /** Sets the progress ({@code -1}: unknown) and the status message (null: unchanged). */
    void update(double fraction, String message);

    /** Runs {@code change} on the FX thread if the job is still the newest and not cancelled. */
    void publish(Runnable change);
  }

  /** The work itself: runs off the FX thread. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Progress progress) throws Exception;
  }

  /** How long progress waits before the next FX update (DESIGN §4: one update per ~50 ms). */
  static final long THROTTLE_MILLIS = 50;

  private final Executor fx;
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyObjectWrapper<Failure> failure =
      new ReadOnlyObjectWrapper<>(this, "failure");
  private long generation;
  private AtomicBoolean cancel = new AtomicBoolean();

  /**
   * @param fx the FX thread's executor ({@code Platform::runLater}); tests pass a same-thread one
   */
  public BackgroundJob(Executor fx) {
    this.fx = fx;
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** True while a job waits or runs (also while it is being cancelled). */
  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** In [0, 1] while running; -1 while waiting or when unknown; 0 when no job runs. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** The status line: what the job is doing, or how the last one ended. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The last job's failure (or a refusal set with {@link #fail}), null when none. */
  public ReadOnlyObjectProperty<Failure> failureProperty() {
    return failure.getReadOnlyProperty();
  }

  /** Describes a job; nothing runs until {@link Task#start}. */
  public <T> Task<T> task(String what, Work<T> work) {
    return new Task<>(what, work);
  }

  /** Asks the running job to stop; it ends as {@code CANCELLED} when its work returns. */
  public void cancel() {
    cancel.set(true);
    if (running.get()) {
      message.set("Cancelling…");
    }
  }

  /**
   * Drops whatever runs (its outcome will not land) and shows {@code text} (null: the status
   * stays); on the FX thread.
   */
  public void abandon(String text) {
    cancel.set(true);
    generation++;
    running.set(false);
    progress.set(0);
    state.set(State.IDLE);
    if (text != null) {
      message.set(text);
    }
  }

  /**
   * Sets progress and status on the FX thread, for progress the view-model counts itself from what
   * the work {@linkplain Progress#publish published}.
   */
  public void showProgress(double fraction, String text) {
    progress.set(fraction);
    message.set(text);
  }

  /** Sets the status line (on the FX thread), e.g. after an action of the view-model's own. */
  public void say(String text) {
    message.set(text);
  }

  /** Shows a refusal that needs no job ("Choose a run"); on the FX thread. */
  public void fail(Failure f) {
    failure.set(f);
  }

  public void dismissFailure() {
    failure.set(null);
  }

  /**
   * A job about to start: what it is (for failure messages), the work, and what happens on the FX
   * thread when it ends. Handlers run only if the job is still the newest.
   *
   * @param <T> the work's result
   */
  public final class Task<T> {
    private final String what;
    private final Work<T> work;
    private String waiting = "Waiting for the engine…";
    private String cancelled = "Cancelled.";
    private Consumer<T> onSuccess = r -> {};
    private Runnable onCancelled = () -> {};
    private Function<Throwable, Failure> onFailure;

    private Task(String what, Work<T> work) {
      this.what = what;
      this.work = work;
      this.onFailure = t -> Failure.of(what, t);
    }

    /** The status while the job waits for its executor. */
    public Task<T> waiting(String text) {
      this.waiting = text;
      return this;
    }

    /** On the FX thread, with the result; the handler usually sets the status with {@link #say}. */
    public Task<T> onSuccess(Consumer<T> handler) {
      this.onSuccess = handler;
      return this;
    }

    /** The status after a cancel, and what else to do. */
    public Task<T> onCancelled(String text, Runnable handler) {
      this.cancelled = text;
      this.onCancelled = handler;
      return this;
    }

    /** The status after a cancel. */
    public Task<T> onCancelled(String text) {
      return onCancelled(text, () -> {});
    }

    /** Turns the failure's cause into the sentence shown; default "Could not {what}: {reason}". */
    public Task<T> onFailure(Function<Throwable, Failure> describe) {
      this.onFailure = describe;
      return this;
    }

    /**
     * Handles a failure itself, on the FX thread (e.g. in a status line of its own), instead of
     * setting {@link #failureProperty}.
     */
    public Task<T> onFailed(Consumer<Throwable> handler) {
      this.onFailure =
          t -> {
            handler.accept(t);
            return null;
          };
      return this;
    }

    /**
     * Starts the job (on the FX thread), superseding the one before.
     *
     * @param executor a plain executor off the FX thread (a pool, or same-thread in tests)
     */
    public void startOn(Executor executor) {
      start(
          work ->
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return work.call();
                    } catch (RuntimeException e) {
                      throw e;
                    } catch (Exception e) {
                      throw new java.util.concurrent.CompletionException(e);
                    }
                  },
                  executor));
    }

    /**
     * Starts the job (on the FX thread), superseding the one before.
     *
     * @param executor queues work off the FX thread ({@code engine::submit})
     */
    public void start(Function<Callable<T>, CompletableFuture<T>> executor) {
      cancel.set(true);
      AtomicBoolean cancelledFlag = new AtomicBoolean();
      cancel = cancelledFlag;
      long g = ++generation;
      failure.set(null);
      running.set(true);
      progress.set(-1);
      state.set(State.WAITING);
      message.set(waiting);
      FxThrottle<Runnable> updates =
          new FxThrottle<>(
              fx,
              THROTTLE_MILLIS,
              batch -> {
                if (g == generation && !cancelledFlag.get()) {
                  batch.forEach(Runnable::run);
                }
              });
      Progress p =
          new Progress() {
            @Override
            public boolean cancelled() {
              return cancelledFlag.get();
            }

            @Override
            public void update(double fraction, String text) {
              updates.offer(
                  () -> {
                    progress.set(fraction);
                    if (text != null) {
                      message.set(text);
                    }
                  });
            }

            @Override
            public void publish(Runnable change) {
              updates.offer(Objects.requireNonNull(change));
            }
          };
      CompletableFuture<T> future;
      try {
        future =
            executor.apply(
                () -> {
                  if (cancelledFlag.get()) {
                    throw new CancellationException("cancelled before it started");
                  }
                  updates.offer(() -> state.set(State.RUNNING));
                  return work.run(p);
                });
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete(
          (result, t) ->
              fx.execute(
                  () -> {
                    updates.flush(); // progress still queued lands before the outcome
                    if (g != generation) {
                      return; // superseded: a newer job owns the properties
                    }
                    running.set(false);
                    progress.set(0);
                    Throwable cause = t == null ? null : Failure.unwrap(t);
                    if (cancelledFlag.get() || cause instanceof CancellationException) {
                      state.set(State.CANCELLED);
                      message.set(cancelled);
                      onCancelled.run();
                    } else if (cause == null) {
                      state.set(State.SUCCEEDED);
                      onSuccess.accept(result);
                    } else {
                      state.set(State.FAILED);
                      message.set("");
                      failure.set(onFailure.apply(cause));
                    }
                  }));
    }
  }
}
