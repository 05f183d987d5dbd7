package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.graph.Templates;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * How the window copes while a real run trains in it (the sample project, 64 px): the longest gap
 * between two frames of an animation timer and the longest wait of a {@code Platform.runLater}
 * posted every 10 ms (how long the FX thread was unable to run anything), how often the charts were
 * given new points against how often the engine finished a batch, and the FX time of one update.
 * CNNNet (57 M parameters) is the heavy case, the sample's small CNN the fast one (many batch
 * events a second, coalesced to at most one update per 50 ms). Prints figures; asserts nothing
 * about time. Run with {@code ./mvnw -Pbench test -pl app -am -Dtest=TrainBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@ExtendWith(ApplicationExtension.class)
class TrainBenchmark {
  @TempDir Path tmp;
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Start
  void start(Stage stage) {
    vm = new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
  }

  @AfterEach
  void tearDown() {
    io.shutdownNow();
  }

  @Test
  void smallCnnOnTheSample(FxRobot robot) throws Exception {
    measure(robot, "small CNN (sample model)", null, 2, 16);
  }

  /** Many batch events a second: the throttle's coalescing (at most 20 updates a second). */
  @Test
  void smallCnnInBatchesOfTwo(FxRobot robot) throws Exception {
    measure(robot, "small CNN (sample model)", null, 1, 2);
  }

  @Test
  void cnnNetOnTheSample(FxRobot robot) throws Exception {
    measure(robot, "CNNNet", "cnnnet", Integer.getInteger("bench.epochs", 1), 16);
  }

  private void measure(FxRobot robot, String what, String template, int epochs, int batch)
      throws Exception {
    Path file = TrainWorkspaceGuiTest.copySample(tmp.resolve("project"));
    robot.interact(() -> vm.open(file));
    TrainViewModel train = view.trainWorkspace().viewModel();
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> train.trainImagesProperty().get() > 0);
    if (template != null) {
      var graph = Templates.find(template).orElseThrow().create(3, List.of(3, 64, 64));
      robot.interact(() -> vm.model().load(graph));
    }
    robot.interact(
        () -> {
          view.showWorkspace("Train");
          train.set("epochs", Integer.toString(epochs));
          train.set("batchSize", Integer.toString(batch));
          train.set("lr", "0.0003");
        });
    int batches = train.batchesPerEpoch() * epochs;

    List<Long> frames = Collections.synchronizedList(new ArrayList<>());
    List<Long> updates = Collections.synchronizedList(new ArrayList<>());
    // epochs ended when each update was applied: the rate per epoch shows warm-up against the
    // steady state, and what each epoch's end (validation, checkpoint) costs
    List<Integer> updateEpochs = Collections.synchronizedList(new ArrayList<>());
    List<Double> applyMillis = Collections.synchronizedList(new ArrayList<>());
    List<double[]> pingWaits = Collections.synchronizedList(new ArrayList<>());
    // per frame: the FX thread's CPU time and the collectors' pause time so far, to tell a long
    // frame the FX thread worked through from one it waited through (for a CPU, or in a pause)
    List<long[]> frameCosts = Collections.synchronizedList(new ArrayList<>());
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    AnimationTimer pulse =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            frames.add(System.nanoTime());
            frameCosts.add(new long[] {threads.getCurrentThreadCpuTime(), gcMillis()});
          }
        };
    robot.interact(
        () -> {
          train
              .live()
              .chartUpdatesProperty()
              .addListener(
                  (obs, o, n) -> {
                    updates.add(System.nanoTime());
                    updateEpochs.add(train.live().epochs().size());
                    applyMillis.add(train.live().lastApplyNanos() / 1e6);
                  });
          pulse.start();
        });
    ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
    pinger.scheduleAtFixedRate(
        () -> {
          long posted = System.nanoTime();
          Platform.runLater(
              () -> pingWaits.add(new double[] {posted, (System.nanoTime() - posted) / 1e6}));
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    // The same measures with nothing to do, as a baseline of what the machine itself costs.
    Thread.sleep(5000);
    long idleEnd = System.nanoTime();
    List<Double> layout = Collections.synchronizedList(new ArrayList<>());
    // when each CSS + layout phase over 25 ms ended, and how long it took
    List<double[]> longLayouts = Collections.synchronizedList(new ArrayList<>());
    long[] pre = new long[1];
    robot.interact(
        () -> {
          var scene = view.trainWorkspace().getScene();
          scene.addPreLayoutPulseListener(() -> pre[0] = System.nanoTime());
          scene.addPostLayoutPulseListener(
              () -> {
                long now = System.nanoTime();
                double ms = (now - pre[0]) / 1e6;
                layout.add(ms);
                if (ms > 25) {
                  longLayouts.add(new double[] {now, ms});
                }
              });
        });
    long[] cpu0 = threadCpu();
    Map<String, Long> tasks0 = taskTicks();
    long gc0 = gcMillis();
    long gcCount0 = gcCount();
    long t0 = System.nanoTime();
    java.time.Instant started = java.time.Instant.now(); // to find Start in a JFR recording
    robot.clickOn("#train-start");
    WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !train.stateProperty().get().active());
    long t1 = System.nanoTime();
    pinger.shutdownNow();
    robot.interact(pulse::stop);

    long[] cpu1 = threadCpu();
    Map<String, Long> tasks1 = taskTicks();
    long gc = gcMillis() - gc0;
    long gcs = gcCount() - gcCount0;
    List<Double> idleGaps = new ArrayList<>();
    List<Double> gaps = new ArrayList<>();
    synchronized (frames) {
      for (int i = 1; i < frames.size(); i++) {
        (frames.get(i) <= idleEnd ? idleGaps : gaps).add((frames.get(i) - frames.get(i - 1)) / 1e6);
      }
    }
    List<Double> updateGaps = new ArrayList<>();
    long firstUpdate;
    long lastUpdate;
    synchronized (updates) {
      for (int i = 1; i < updates.size(); i++) {
        updateGaps.add((updates.get(i) - updates.get(i - 1)) / 1e6);
      }
      firstUpdate = updates.isEmpty() ? t0 : updates.getFirst();
      lastUpdate = updates.isEmpty() ? t1 : updates.getLast();
    }
    double trainingSeconds = (lastUpdate - firstUpdate) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "BENCH %s, %d epoch(s) of the sample at 64 px, batch %d: %s in %.1f s (%d batches, %.1f"
            + " batches/s while training)%n",
        what,
        epochs,
        batch,
        train.stateProperty().get().name().toLowerCase(Locale.ROOT),
        (t1 - t0) / 1e9,
        batches,
        batches / Math.max(1e-9, trainingSeconds));
    System.out.println("BENCH   idle baseline (5 s before Start), frame gaps: " + stats(idleGaps));
    System.out.println("BENCH   frame gaps (animation timer) while training: " + stats(gaps));
    StringBuilder late = new StringBuilder();
    synchronized (frames) {
      for (int i = 1; i < frames.size(); i++) {
        double gap = (frames.get(i) - frames.get(i - 1)) / 1e6;
        if (frames.get(i) > t0 && gap > 50) {
          long[] before = frameCosts.get(i - 1);
          long[] after = frameCosts.get(i);
          late.append(
              String.format(
                  Locale.ROOT,
                  " %.0f ms at %.1f s (FX thread CPU %.0f ms, GC pauses %d ms);",
                  gap,
                  (frames.get(i) - t0) / 1e9,
                  (after[0] - before[0]) / 1e6,
                  after[1] - before[1]));
        }
      }
    }
    synchronized (updates) {
      late.append(" chart updates more than 1 s apart:");
      for (int i = 1; i < updates.size(); i++) {
        if (updates.get(i) - updates.get(i - 1) > 1_000_000_000L) {
          late.append(
              String.format(
                  Locale.ROOT,
                  " %.1f-%.1f s",
                  (updates.get(i - 1) - t0) / 1e9,
                  (updates.get(i) - t0) / 1e9));
        }
      }
    }
    System.out.println("BENCH   frames over 50 ms (since Start at " + started + "):" + late);
    List<Double> idlePings = new ArrayList<>();
    List<Double> pings = new ArrayList<>();
    synchronized (pingWaits) {
      for (double[] p : pingWaits) {
        (p[0] <= idleEnd ? idlePings : p[0] >= t0 ? pings : new ArrayList<Double>()).add(p[1]);
      }
    }
    System.out.println("BENCH   idle baseline, runLater wait: " + stats(idlePings));
    System.out.println(
        "BENCH   runLater wait (posted every 10 ms) while training: " + stats(pings));
    System.out.printf(
        Locale.ROOT,
        "BENCH   chart updates: %d in %.1f s = %.1f per second; gaps between updates: %s%n",
        updates.size(),
        trainingSeconds,
        updates.size() / Math.max(1e-9, trainingSeconds),
        stats(updateGaps));
    System.out.println("BENCH   chart updates per epoch: " + perEpoch(updates, updateEpochs));
    System.out.println("BENCH   FX time of one chart update: " + stats(applyMillis));
    System.out.println("BENCH   CSS + layout phase of each pulse while training: " + stats(layout));
    StringBuilder longest = new StringBuilder();
    synchronized (longLayouts) {
      for (double[] l : longLayouts) {
        longest.append(String.format(Locale.ROOT, " %.0f ms at %.1f s;", l[1], (l[0] - t0) / 1e9));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "BENCH   CSS + layout phases over 25 ms (the run ended at %.1f s):%s%n",
        (t1 - t0) / 1e9,
        longest.length() == 0 ? " none" : longest);
    System.out.printf(
        Locale.ROOT, "BENCH   garbage collection while training: %d collections, %d ms%n", gcs, gc);
    double wall = (t1 - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "BENCH   CPU while training (%.1f s): FX thread %.2f s, renderer %.2f s, engine thread"
            + " %.1f s, whole process %.1f s (%s cores)%n",
        wall,
        (cpu1[0] - cpu0[0]) / 1e9,
        (cpu1[1] - cpu0[1]) / 1e9,
        (cpu1[2] - cpu0[2]) / 1e9,
        (cpu1[4] - cpu0[4]) / 1e9,
        Runtime.getRuntime().availableProcessors());
    System.out.println("BENCH   busiest threads while training: " + topTasks(tasks0, tasks1));
  }

  /**
   * For each epoch: its updates a second, from the update that ended the epoch before (the first
   * update for the first epoch) to the one that ended it, so the previous checkpoint's saving and
   * its own validation count, and the longest gap between two of those updates.
   */
  private static String perEpoch(List<Long> updates, List<Integer> epochsDone) {
    List<String> out = new ArrayList<>();
    synchronized (updates) {
      int from = 0;
      while (from < updates.size()) {
        int epoch = epochsDone.get(from);
        int to = from;
        while (to < updates.size() && epochsDone.get(to) == epoch) {
          to++;
        }
        // up to the update that brought its EpochEnded, from the one that brought the last
        int end = Math.min(to, updates.size() - 1);
        int start = Math.max(0, from - 1);
        double seconds = (updates.get(end) - updates.get(start)) / 1e9;
        double longest = 0;
        for (int i = start + 1; i <= end; i++) {
          longest = Math.max(longest, (updates.get(i) - updates.get(i - 1)) / 1e6);
        }
        if (end > start && epochsDone.get(end) > epoch) { // not what came after the last
          out.add(
              String.format(
                  Locale.ROOT,
                  "%d: %.1f/s (longest gap %.0f ms)",
                  epoch + 1,
                  (end - start) / seconds,
                  longest));
        }
        from = to;
      }
    }
    return String.join(", ", out);
  }

  /**
   * CPU clock ticks (1/100 s) of every OS thread of this process by "name/tid", native ones
   * (PyTorch's OpenMP workers) included, from /proc/self/task; empty where there is no /proc.
   */
  private static Map<String, Long> taskTicks() {
    Map<String, Long> out = new java.util.HashMap<>();
    try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = java.nio.file.Files.readString(t.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name.
          out.put(name + "/" + t.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended while we read
        }
      }
    } catch (java.io.IOException e) {
      return out;
    }
    return out;
  }

  /** The threads that took the most CPU between two {@link #taskTicks} snapshots. */
  private static String topTasks(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 100.0))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** CPU nanoseconds of the FX thread, the renderer, the engine thread, -, the whole process. */
  private static long[] threadCpu() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] out = new long[5];
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long ns = threads.getThreadCpuTime(t.threadId());
      if (ns < 0) {
        continue;
      }
      String n = t.getName();
      int slot =
          n.equals("JavaFX Application Thread")
              ? 0
              : n.startsWith("QuantumRenderer") ? 1 : n.equals("layerbench-engine") ? 2 : -1;
      if (slot >= 0) {
        out[slot] += ns;
      }
    }
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      out[4] = os.getProcessCpuTime();
    }
    return out;
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  private static long gcCount() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  private static String stats(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    if (s.isEmpty()) {
      return "no samples";
    }
    long over50 = s.stream().filter(v -> v > 50).count();
    return String.format(
        Locale.ROOT,
        "n=%d median %.2f ms, p99 %.2f ms, max %.2f ms, %d over 50 ms",
        s.size(),
        s.get(s.size() / 2),
        s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)),
        s.getLast(),
        over50);
  }
}
