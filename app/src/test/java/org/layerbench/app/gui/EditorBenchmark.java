package org.layerbench.app.gui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Editor responsiveness on ResNet-50 (176 nodes): how long re-inferring shapes takes after an edit,
 * and the longest gap between two frames of an animation timer (a pulse listener) while editing and
 * panning in the real window — the longest the FX thread was busy. Prints figures; asserts nothing
 * about time. Run with {@code ./mvnw -Pbench test -pl app}.
 */
@Tag("benchmark")
@ExtendWith(ApplicationExtension.class)
class EditorBenchmark {
  private final ExecutorService analysis = Executors.newSingleThreadExecutor();
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Start
  void start(Stage stage) {
    vm =
        new WorkbenchViewModel(
            Runnable::run, analysis, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
  }

  @Test
  void reinferenceAfterAnEditOnResNet50() {
    ModelViewModel m = new ModelViewModel(new CommandStack(), Runnable::run, Runnable::run);
    ModelGraph g = WorkbenchViewModel.laidOut(Templates.find("resnet50").orElseThrow().create());
    m.load(g);
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      m.setParam("layer3.2.conv2", "out_channels", String.valueOf(i % 2 == 0 ? 192 : 256));
      if (i >= 100) {
        times.add(m.analysisMillisProperty().get());
      }
    }
    System.out.println(
        "BENCH re-inference after an edit, ResNet-50 ("
            + g.nodes().size()
            + " nodes), 500 edits after 100 warm-up: "
            + stats(times));
  }

  @Test
  void framesWhileEditingAndPanningResNet50(FxRobot robot) throws Exception {
    robot.interact(() -> vm.newFromTemplate("resnet50", 1000, List.of(3, 224, 224)));
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(500);
    List<Long> frames = Collections.synchronizedList(new ArrayList<>());
    AnimationTimer pulse =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            frames.add(System.nanoTime());
          }
        };
    var m = vm.model();
    // Warm-up (class loading, JIT), reported apart from the steady state.
    List<Long> warm = Collections.synchronizedList(new ArrayList<>());
    AnimationTimer warmPulse =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            warm.add(System.nanoTime());
          }
        };
    robot.interact(warmPulse::start);
    for (int i = 0; i < 5; i++) {
      robot.interact(() -> m.select("layer2.1.conv1"));
      robot.interact(() -> m.addAfterSelection(LayerType.DROPOUT));
      robot.interact(() -> m.setParam("layer3.0.conv1", "out_channels", "128"));
      robot.interact(() -> m.commands().undo());
      robot.interact(() -> m.commands().undo());
      robot.interact(() -> m.connect("layer1.0.relu", "fc", 0));
      robot.interact(() -> m.commands().undo());
    }
    robot.interact(warmPulse::stop);
    List<Double> warmGaps = new ArrayList<>();
    for (int i = 1; i < warm.size(); i++) {
      warmGaps.add((warm.get(i) - warm.get(i - 1)) / 1e6);
    }
    System.out.println("BENCH frame gaps during the first 35 edits (warm-up): " + stats(warmGaps));
    List<Double> layoutPhase = Collections.synchronizedList(new ArrayList<>());
    long[] pre = new long[1];
    robot.interact(
        () -> {
          view.modelWorkspace()
              .getScene()
              .addPreLayoutPulseListener(() -> pre[0] = System.nanoTime());
          view.modelWorkspace()
              .getScene()
              .addPostLayoutPulseListener(
                  () -> layoutPhase.add((System.nanoTime() - pre[0]) / 1e6));
        });
    long gc0 = gcMillis();
    robot.interact(pulse::start);
    long t0 = System.nanoTime();
    java.util.Map<String, List<Double>> perOp = new java.util.LinkedHashMap<>();
    java.util.function.BiConsumer<String, Runnable> op =
        (name, r) ->
            robot.interact(
                () -> {
                  long s0 = System.nanoTime();
                  r.run();
                  perOp
                      .computeIfAbsent(name, x -> new ArrayList<>())
                      .add((System.nanoTime() - s0) / 1e6);
                });
    for (int i = 0; i < 20; i++) {
      int k = i;
      op.accept("select", () -> m.select("layer2.1.conv1"));
      String[] added = new String[1];
      op.accept("add after", () -> added[0] = m.addAfterSelection(LayerType.DROPOUT));
      op.accept(
          "set param",
          () -> m.setParam("layer3.0.conv1", "out_channels", k % 2 == 0 ? "128" : "256"));
      op.accept("undo", () -> m.commands().undo());
      op.accept("undo", () -> m.commands().undo());
      op.accept("redo", () -> m.commands().redo());
      op.accept(
          "delete",
          () -> {
            m.select(added[0]);
            m.deleteSelection();
          });
      op.accept("connect", () -> m.connect("layer1.0.relu", "fc", 0));
      op.accept("undo", () -> m.commands().undo());
    }
    perOp.forEach((name, t) -> System.out.println("BENCH FX time of '" + name + "': " + stats(t)));
    long editing = System.nanoTime();
    System.out.println(
        "BENCH garbage collection while editing: " + (gcMillis() - gc0) + " ms in total");
    System.out.println("BENCH CSS+layout phase of pulses while editing: " + stats(layoutPhase));
    // Pan by dragging with the right button, and zoom, in the real canvas.
    var canvas = view.modelWorkspace().canvas();
    for (int i = 0; i < 6; i++) {
      robot.moveTo(canvas).press(MouseButton.SECONDARY).moveBy(0, -250).moveBy(40, -200);
      robot.release(MouseButton.SECONDARY);
      robot.interact(canvas::zoomOut);
    }
    robot.interact(canvas::fit);
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(300);
    robot.interact(pulse::stop);
    List<Double> editGaps = new ArrayList<>();
    List<Double> panGaps = new ArrayList<>();
    synchronized (frames) {
      for (int i = 1; i < frames.size(); i++) {
        double gap = (frames.get(i) - frames.get(i - 1)) / 1e6;
        (frames.get(i) <= editing ? editGaps : panGaps).add(gap);
      }
    }
    System.out.println(
        "BENCH frame gaps while editing ResNet-50 ("
            + m.graph().nodes().size()
            + " nodes, 180 edits in "
            + String.format(Locale.ROOT, "%.1f s", (editing - t0) / 1e9)
            + "): "
            + stats(editGaps));
    System.out.println("BENCH frame gaps while panning and zooming ResNet-50: " + stats(panGaps));
    System.out.println(
        "BENCH last analysis on the analysis thread: "
            + String.format(Locale.ROOT, "%.2f ms", m.analysisMillisProperty().get()));
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  private static String stats(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    if (s.isEmpty()) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "n=%d median %.2f ms, p99 %.2f ms, max %.2f ms",
        s.size(),
        s.get(s.size() / 2),
        s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)),
        s.get(s.size() - 1));
  }
}
