package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.layerbench.engine.train.TrainingRun;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while {@code train} runs (DESIGN §10). The first asks the run to stop
 * after the current batch; it then finishes the checkpoint in progress, saves and writes run.json
 * (status stopped), and the command prints how to resume and exits 130 or 143 as a shell expects of
 * a process the signal ended. A second signal exits at once: the folder keeps its last whole
 * checkpoint (every file is replaced by rename) and resumes from it.
 *
 * <p>The JVM's own handling runs shutdown hooks and exits without waiting for the run, so the
 * signals are handled here ({@code sun.misc.Signal}, in jdk.unsupported, which the runtime image
 * keeps). Where that is refused ({@code -Xrs}, or a platform without the signal) a shutdown hook
 * asks the run to stop and waits for it instead, without the at-once second signal.
 */
final class StopSignals implements AutoCloseable {
  /** A signal received: its name and the exit status it ends the command with (128 + number). */
  record Received(String name, int exitCode) {}

  private static final long HOOK_WAIT_SECONDS = 60;

  private final TrainingRun run;
  private final PrintWriter err;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final List<Signal> installed = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private Thread hook;
  private volatile Received received;

  private StopSignals(TrainingRun run, PrintWriter err) {
    this.run = run;
    this.err = err;
  }

  static StopSignals install(TrainingRun run, PrintWriter err) {
    StopSignals s = new StopSignals(run, err);
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        s.previous.add(Signal.handle(signal, s::handle));
        s.installed.add(signal);
      } catch (IllegalArgumentException | LinkageError refused) {
        s.useShutdownHook();
      }
    }
    return s;
  }

  private synchronized void handle(Signal signal) {
    int code = 128 + signal.getNumber();
    if (received != null || ended.getCount() == 0) {
      // the second signal, or one after the run ended (everything is on disk either way)
      if (received != null) {
        err.println(
            "layerbench: quitting at once; "
                + run.dir()
                + " resumes from its last whole checkpoint");
        err.flush();
      }
      Runtime.getRuntime().halt(received != null ? received.exitCode() : code);
    }
    received = new Received("SIG" + signal.getName(), code);
    err.println(
        "layerbench: SIG"
            + signal.getName()
            + ": stopping after the current batch, then saving (press Ctrl-C again to quit at"
            + " once; the run then resumes from its last whole checkpoint)");
    err.flush();
    run.requestStop();
  }

  private void useShutdownHook() {
    if (hook != null) {
      return;
    }
    hook =
        new Thread(
            () -> {
              run.requestStop();
              try {
                ended.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "layerbench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The signal that stopped the run, or null. */
  Received received() {
    return received;
  }

  /** The run has returned (saved, stopped or failed). */
  void runEnded() {
    ended.countDown();
  }

  @Override
  public synchronized void close() {
    ended.countDown();
    for (int i = 0; i < installed.size(); i++) {
      Signal.handle(installed.get(i), previous.get(i));
    }
    installed.clear();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook is running and waits for the run
      }
    }
  }
}
