package org.layerbench.app.gui.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;

/**
 * Makes the documentation's pictures of the Train workspace from real runs on a copy of the sample
 * project, in a real window (run it under Xvfb): a short first run, then a longer one pictured
 * while it trains and after it ends, and the two compared. Not a test; run with
 *
 * <pre>
 * java --module-path app/target/lib/fx --add-modules javafx.controls,javafx.swing \
 *   -cp app/target/classes:app/target/test-classes:'app/target/lib/*' \
 *   -Dout=docs org.layerbench.app.gui.train.TrainScreenshots
 * </pre>
 */
public final class TrainScreenshots extends Application {
  private final ExecutorService io = Executors.newSingleThreadExecutor(daemon());
  private Stage stage;
  private WorkbenchView view;
  private WorkbenchViewModel vm;
  private Path out;

  public static void main(String[] args) {
    launch(args);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "screenshots-io");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void start(Stage primary) throws IOException {
    stage = primary;
    out = Path.of(System.getProperty("out", "docs")).toAbsolutePath();
    Path project =
        TrainWorkspaceGuiTest.copySample(
            Files.createTempDirectory("layerbench-shots").resolve("project"));
    vm = new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    vm.darkProperty().set(Boolean.getBoolean("dark"));
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.open(project);
    view.showWorkspace("Train");
    TrainViewModel train = view.trainWorkspace().viewModel();
    when(
        () -> vm.projectProperty().get() != null && train.trainImagesProperty().get() > 0,
        () -> {
          train.set("epochs", "3");
          train.set("lr", "0.001");
          train.start("baseline-lr1e-3");
          when(
              () -> !train.stateProperty().get().active(),
              () -> {
                train.set("epochs", "8");
                train.set("lr", "0.003");
                train.set("schedule", "onecycle");
                train.start("onecycle-lr3e-3");
                when(
                    () ->
                        train.live().epochs().size() == 4
                            && train.live().batchProgressProperty().get() > 0.5
                            && train.live().batchProgressProperty().get() < 0.95,
                    () -> {
                      shoot("workspace-train-running.png");
                      when(
                          () -> !train.stateProperty().get().active(),
                          () ->
                              settle(
                                  () -> {
                                    shoot("workspace-train.png");
                                    view.trainWorkspace()
                                        .history()
                                        .list()
                                        .getSelectionModel()
                                        .selectAll();
                                    settle(
                                        () -> {
                                          shoot("workspace-train-compare.png");
                                          Platform.exit();
                                        });
                                  }));
                    });
              });
        });
  }

  /** Runs {@code then} on the FX thread once {@code condition} holds (polled every 100 ms). */
  private static void when(java.util.function.BooleanSupplier condition, Runnable then) {
    PauseTransition poll = new PauseTransition(Duration.millis(100));
    poll.setOnFinished(
        e -> {
          if (condition.getAsBoolean()) {
            then.run();
          } else {
            poll.playFromStart();
          }
        });
    poll.play();
  }

  private static void settle(Runnable then) {
    PauseTransition p = new PauseTransition(Duration.millis(700));
    p.setOnFinished(e -> then.run());
    p.play();
  }

  private void shoot(String name) {
    var image = stage.getScene().snapshot(null);
    try {
      Files.createDirectories(out);
      ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.resolve(name).toFile());
      System.err.println("wrote " + out.resolve(name));
    } catch (IOException e) {
      System.err.println("could not write " + name + ": " + e.getMessage());
    }
  }
}
