package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.layerbench.app.TextModels;
import org.layerbench.app.gui.evaluate.EvaluateViewModel;
import org.layerbench.app.gui.evaluate.EvaluateWorkspace;
import org.layerbench.app.gui.predict.PredictWorkspace;

/**
 * Puts the real window in the states the text Predict and Evaluate workspaces show: an untrained
 * text-lstm bundle, three typed texts classified, then the Yelp file evaluated with a cell clicked;
 * each state is taken with {@code import -window root} into the folder given as the first argument
 * (default /tmp). Not a test; run it under Xvfb with the test class path:
 *
 * <pre>
 * xvfb-run -a -s "-screen 0 1280x800x24" java -cp CLASSPATH \
 *   org.layerbench.app.gui.TextInferenceScreenshot\$Launch OUT_DIR [YELP_FILE]
 * </pre>
 */
public final class TextInferenceScreenshot extends Application {
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(TextInferenceScreenshot::daemon);

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "screenshot-io");
    t.setDaemon(true);
    return t;
  }

  public static void main(String[] args) {
    launch(args);
  }

  /** A main outside the Application class, so that JavaFX on the class path starts. */
  public static final class Launch {
    public static void main(String[] args) {
      Application.launch(TextInferenceScreenshot.class, args);
    }
  }

  @Override
  public void start(Stage stage) throws Exception {
    List<String> args = getParameters().getRaw();
    Path out = Path.of(args.isEmpty() ? "/tmp" : args.get(0));
    Path yelp = Path.of(args.size() > 1 ? args.get(1) : "../shared/data/text/yelp_labelled.txt");
    Path bundle = TextModels.bundle(out.resolve("yelp-lstm.lbmodel"), List.of("0", "1"), 5);
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.setX(0);
    stage.setY(0);
    stage.show();
    vm.newProject();
    view.showWorkspace("Predict");
    PredictWorkspace predict = (PredictWorkspace) stage.getScene().lookup("#predict-workspace");
    var pvm = predict.viewModel();
    pvm.openModelFile(bundle);
    pvm.textProperty()
        .set(
            "The food was great and the service very good!\n"
                + "Not good, the place was bad.\n"
                + "I would not go back.");
    when(
        () -> "text".equals(pvm.modalityProperty().get()),
        () -> {
          pvm.classifyText();
          when(
              () -> pvm.textResults().size() == 3,
              () ->
                  shoot(
                      out.resolve("predict-text.png"),
                      () -> evaluate(stage, view, bundle, yelp, out)));
        });
  }

  private void evaluate(Stage stage, WorkbenchView view, Path bundle, Path yelp, Path out) {
    view.showWorkspace("Evaluate");
    EvaluateWorkspace w = (EvaluateWorkspace) stage.getScene().lookup("#evaluate-workspace");
    EvaluateViewModel evm = w.viewModel();
    evm.openModelFile(bundle);
    evm.dataOverrideProperty().set(yelp.toAbsolutePath());
    evm.evaluate();
    when(
        () ->
            !evm.runningProperty().get()
                && (evm.resultProperty().get() != null || evm.failureProperty().get() != null),
        () -> {
          var e = evm.resultProperty().get();
          System.out.println(
              "evaluated: "
                  + evm.statusProperty().get()
                  + " / failure "
                  + (evm.failureProperty().get() == null
                      ? "none"
                      : evm.failureProperty().get().message()));
          if (e != null) {
            int[][] c = e.evaluation().confusion();
            evm.selectCell(new EvaluateViewModel.Cell(c[0][1] > 0 ? 0 : 1, c[0][1] > 0 ? 1 : 0));
          }
          shoot(out.resolve("evaluate-text.png"), Platform::exit);
        });
  }

  private static void shoot(Path file, Runnable then) {
    PauseTransition p = new PauseTransition(Duration.millis(1500));
    p.setOnFinished(
        e -> {
          try {
            new ProcessBuilder("import", "-window", "root", file.toString())
                .inheritIO()
                .start()
                .waitFor();
            System.out.println("wrote " + file);
          } catch (Exception x) {
            System.out.println("import failed: " + x);
          }
          then.run();
        });
    p.play();
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
}
