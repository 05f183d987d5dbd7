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
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;

/**
 * Makes docs/workspace-train-menu.png from real runs on a copy of the sample project: a finished
 * run whose model.lbmodel is imported as the next run's starting weights, a run stopped after its
 * first epoch (so Continue applies), and the Run menu open. The menu is a window of its own, so the
 * picture is a screen capture of the window's area (run it under Xvfb, not Monocle). Not a test;
 * run with
 *
 * <pre>
 * xvfb-run -a -s "-screen 0 1280x800x24" java --module-path app/target/lib/fx \
 *   --add-modules javafx.controls,javafx.swing \
 *   -cp app/target/classes:app/target/test-classes:'app/target/lib/*' \
 *   -Dout=docs org.layerbench.app.gui.train.TrainMenuScreenshot
 * </pre>
 */
public final class TrainMenuScreenshot extends Application {
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "screenshot-io");
            t.setDaemon(true);
            return t;
          });
  private Stage stage;
  private Path out;

  public static void main(String[] args) {
    launch(args);
  }

  @Override
  public void start(Stage primary) throws IOException {
    stage = primary;
    out = Path.of(System.getProperty("out", "docs")).toAbsolutePath();
    Path project =
        TrainWorkspaceGuiTest.copySample(
            Files.createTempDirectory("layerbench-shots").resolve("project"));
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.setX(0);
    stage.setY(0);
    stage.show();
    vm.open(project);
    view.showWorkspace("Train");
    TrainViewModel train = view.trainWorkspace().viewModel();
    when(
        () -> vm.projectProperty().get() != null && train.trainImagesProperty().get() > 0,
        () -> {
          train.set("epochs", "6");
          train.set("batchSize", "16");
          train.start("baseline");
          when(
              () -> !train.stateProperty().get().active(),
              () -> {
                Path weights = train.runs().records().getLast().dir().resolve("model.lbmodel");
                train.importWeights(weights);
                when(
                    () -> train.weightsFitProperty().get() != null,
                    () -> {
                      train.set("lr", "0.001");
                      train.start("fine-tune");
                      when(
                          () -> train.live().epochs().size() >= 2,
                          () -> {
                            train.stop();
                            when(
                                () -> !train.stateProperty().get().active(),
                                () -> {
                                  train.dismissBanner();
                                  view.trainWorkspace()
                                      .history()
                                      .select(train.runs().records().getLast());
                                  settle(() -> openRunMenuAndShoot(view));
                                });
                          });
                    });
              });
        });
  }

  private void openRunMenuAndShoot(WorkbenchView view) {
    MenuBar bar = (MenuBar) stage.getScene().lookup("#menu-bar");
    Menu run = bar.getMenus().stream().filter(m -> "menu-run".equals(m.getId())).findFirst().get();
    run.show();
    settle(
        () -> {
          var image =
              new Robot()
                  .getScreenCapture(
                      null,
                      stage.getX() + stage.getScene().getX(),
                      stage.getY() + stage.getScene().getY(),
                      stage.getScene().getWidth(),
                      stage.getScene().getHeight());
          try {
            Files.createDirectories(out);
            Path file = out.resolve("workspace-train-menu.png");
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            System.err.println("wrote " + file);
          } catch (IOException e) {
            System.err.println("could not write the picture: " + e.getMessage());
          }
          run.hide();
          Platform.exit();
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
    PauseTransition p = new PauseTransition(Duration.millis(900));
    p.setOnFinished(e -> then.run());
    p.play();
  }
}
