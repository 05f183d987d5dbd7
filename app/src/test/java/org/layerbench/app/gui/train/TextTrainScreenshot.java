package org.layerbench.app.gui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Pictures the Train workspace after a real text run in a real window (run it under Xvfb): a new
 * text-gru project on the UCI yelp reviews, one epoch at max length 32, taken when it has ended.
 * Not a test; run with the test class path:
 *
 * <pre>
 * xvfb-run -a -s "-screen 0 1280x800x24" java -cp CLASSPATH \
 *   org.layerbench.app.gui.train.TextTrainScreenshot\$Launch OUT_DIR YELP_FILE
 * </pre>
 */
public final class TextTrainScreenshot extends Application {
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "screenshot-io");
            t.setDaemon(true);
            return t;
          });

  /** A main outside the Application class, so that JavaFX on the class path starts. */
  public static final class Launch {
    public static void main(String[] args) {
      Application.launch(TextTrainScreenshot.class, args);
    }
  }

  @Override
  public void start(Stage stage) throws Exception {
    List<String> args = getParameters().getRaw();
    Path out = Path.of(args.get(0)).toAbsolutePath();
    Path yelp = Path.of(args.get(1)).toAbsolutePath();
    // An unsaved project's runs go under the home folder: a fresh one, not the user's.
    if (System.getProperty("layerbench.home") == null) {
      System.setProperty(
          "layerbench.home", Files.createTempDirectory("layerbench-text-shot").toString());
    }
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newFromTemplate("text-gru", 2, List.of(32));
    when(
        () -> vm.projectProperty().get() != null && vm.current().model().needsVocabulary(),
        () -> {
          TextTrainViewModelTest.yelpProject(vm, yelp);
          view.showWorkspace("Train");
          TrainViewModel train = view.trainWorkspace().viewModel();
          when(
              () -> train.trainImagesProperty().get() > 0,
              () -> {
                train.set("epochs", "1");
                train.start("yelp-gru");
                when(
                    () -> !train.stateProperty().get().active(),
                    () -> {
                      System.out.println("status: " + train.statusProperty().get());
                      System.out.println("dataset: " + train.datasetInfoProperty().get());
                      settle(() -> shoot(stage, out.resolve("train-text.png")));
                    });
              });
        });
  }

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
    PauseTransition p = new PauseTransition(Duration.millis(1000));
    p.setOnFinished(e -> then.run());
    p.play();
  }

  private static void shoot(Stage stage, Path file) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(
          SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", file.toFile());
      System.out.println("wrote " + file);
    } catch (Exception e) {
      System.out.println("could not write " + file + ": " + e.getMessage());
    }
    Platform.exit();
  }
}
