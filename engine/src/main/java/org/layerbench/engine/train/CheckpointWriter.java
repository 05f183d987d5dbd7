package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.Preprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Writes a run's checkpoints (and, after each, metrics.csv and run.json) atomically, off the engine
 * thread where it can. An epoch's tensors are written by a checkpoint thread of their own while the
 * engine thread validates the epoch ({@link #begin}), and the file is made durable and put in place
 * there while the next epoch trains ({@link #commitLater}): forcing a 684 MB CNNNet checkpoint to
 * disk took 1.1 s of the 1.5 s its saving took. Until the commit the previous checkpoint stays in
 * place, so a kill or crash meanwhile resumes from the epoch before. Its {@link
 * TrainingEvent.Checkpointed} events come when the file is in place, from the engine thread
 * (between batches), so listeners still hear from one thread in order. A commit that fails fails
 * the run; one still pending when the run fails (a NaN loss) is waited for, so the last good
 * checkpoint is kept.
 */
final class CheckpointWriter implements AutoCloseable {
  private final RunFiles files;
  private final java.util.function.Consumer<TrainingEvent> emit;
  private final java.util.concurrent.ExecutorService syncer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "layerbench-checkpoint");
            t.setDaemon(true);
            return t;
          });
  private java.util.concurrent.Future<?> pending;
  private List<TrainingEvent> events = List.of();

  /** Writes into the run's files; {@code emit} tells the listeners, on the engine thread. */
  CheckpointWriter(RunFiles files, java.util.function.Consumer<TrainingEvent> emit) {
    this.files = files;
    this.emit = emit;
  }

  /**
   * Commits {@code last}, then, when {@code best} is not null, copies it as the best one (a copy:
   * the two never share a file that a write in place could change), then writes metrics.csv (whose
   * forcing to disk had waited behind the checkpoint's on the engine thread; written after it, it
   * never lists an epoch whose checkpoint is missing), then run.json's journal.
   */
  void commitLater(
      int epoch, AtomicFiles.Staged last, Path best, String metricsCsv, RunManifest journal) {
    pending =
        syncer.submit(
            () -> {
              delayForTests();
              last.commit();
              if (best != null) {
                AtomicFiles.copy(last.target(), best);
              }
              files.writeMetrics(metricsCsv);
              files.writeRunJson(journal);
              return null;
            });
    events =
        best == null
            ? List.of(new TrainingEvent.Checkpointed(epoch, last.target(), false))
            : List.of(
                new TrainingEvent.Checkpointed(epoch, last.target(), false),
                new TrainingEvent.Checkpointed(epoch, best, true));
  }

  /**
   * Starts an epoch's checkpoint under a temporary name. When every tensor is in main memory
   * (pinned on this, the engine thread) the checkpoint thread writes them at once, while the caller
   * validates the epoch; otherwise (a GPU's tensors) they are written on the engine thread in
   * {@link Staging#finish}. Either way the file is complete, or abandoned, before the caller leaves
   * the try block, so no tensor is read once training changes it.
   */
  Staging begin(
      Path file,
      GraphAnalysis analysis,
      Network net,
      List<String> classes,
      Preprocessing preprocessing,
      Optimizer optimizer)
      throws IOException {
    Files.createDirectories(file.getParent());
    var weights = Weights.pinnedData(net.state());
    // no use pinning the moments when the weights cannot be (a GPU's): both are then lazy
    var moments = weights == null ? null : Weights.pinnedData(optimizer.state());
    boolean pinned = weights != null && moments != null;
    BundleContents contents =
        new BundleContents(
            analysis.graph(),
            pinned ? weights : Weights.lazyData(net.state()),
            new ArrayList<>(classes),
            preprocessing,
            Map.of(),
            pinned ? moments : Weights.lazyData(optimizer.state()),
            Map.of());
    return new Staging(file, contents, pinned);
  }

  /** A checkpoint being written; {@link #finish} gives its metrics and trainer state. */
  final class Staging implements AutoCloseable {
    private final java.util.concurrent.CompletableFuture<ModelBundle.Summary> summary =
        new java.util.concurrent.CompletableFuture<>();
    private final Path file;
    private final BundleContents contents;
    private final java.util.concurrent.Future<AtomicFiles.Staged> writing;

    private Staging(Path file, BundleContents contents, boolean async) {
      this.file = file;
      this.contents = contents;
      this.writing =
          async
              ? syncer.submit(() -> ModelBundle.stageCheckpoint(file, contents, summary::get))
              : null;
    }

    /** The epoch's metrics and progress: the file is complete when this returns. */
    AtomicFiles.Staged finish(Map<String, Object> metrics, Map<String, Object> trainer)
        throws IOException {
      summary.complete(new ModelBundle.Summary(metrics, trainer));
      if (writing == null) {
        return ModelBundle.stageCheckpoint(file, contents, summary::get);
      }
      // Uninterruptibly: the writer has its summary and will finish, and its file must be
      // handed on (a stale interrupt would otherwise leave the temporary file behind).
      try {
        return awaitUninterruptibly(writing);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : notSaved(e.getCause());
      }
    }

    /**
     * An epoch that did not get to {@link #finish} (validation failed) abandons its checkpoint;
     * either way the writer is waited for, so the tensors outlive its reading of them.
     */
    @Override
    public void close() {
      summary.completeExceptionally(
          new java.util.concurrent.CancellationException("the epoch did not end"));
      if (writing == null) {
        return;
      }
      try {
        awaitUninterruptibly(writing);
      } catch (java.util.concurrent.ExecutionException e) {
        // abandoned, or failed: finish reported it, or the run is failing already
      }
    }
  }

  /**
   * Fault-injection tests only: {@code -Dlayerbench.test.checkpointDelayMs=N} holds each
   * checkpoint, written under its temporary name, N ms before it is committed, so that a test can
   * signal or kill the process while a checkpoint is in progress.
   */
  private static void delayForTests() {
    long ms = Long.getLong("layerbench.test.checkpointDelayMs", 0);
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        // only a test's delay: commit now (an interrupt kept would close the file's channel)
      }
    }
  }

  /** Waits for the task however often this thread is interrupted, then keeps the interrupt. */
  private static <T> T awaitUninterruptibly(java.util.concurrent.Future<T> task)
      throws java.util.concurrent.ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static IOException notSaved(Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new IOException("the checkpoint could not be saved: " + reason, cause);
  }

  void finishIfDone() throws IOException {
    if (pending != null && pending.isDone()) {
      finish();
    }
  }

  /** Waits for the pending commit, then tells the listeners; rethrows its failure. */
  void finish() throws IOException {
    if (pending == null) {
      return;
    }
    java.util.concurrent.Future<?> f = pending;
    pending = null;
    try {
      f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw notSaved(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving the checkpoint", e);
    }
    events.forEach(emit);
  }

  @Override
  public void close() {
    try {
      finish(); // only pending when the run failed: keep its last good checkpoint
    } catch (IOException e) {
      // the run is failing already, with its own reason
    } finally {
      syncer.shutdown();
    }
  }
}
