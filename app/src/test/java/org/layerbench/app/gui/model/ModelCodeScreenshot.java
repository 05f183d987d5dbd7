package org.layerbench.app.gui.model;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;

/**
 * Puts the real window in the state docs/model-code.png shows: the sample project, a ResNet-18 from
 * the template, layer1.0.conv1 selected, the Code tab on top; prints READY and stays open 10 s for
 * {@code import -window root} (run it under Xvfb). Not a test; run with
 *
 * <pre>
 * xvfb-run -n 99 -s "-screen 0 1280x800x24" java -cp CLASSPATH \
 *   org.layerbench.app.gui.model.ModelCodeScreenshot
 * </pre>
 */
public final class ModelCodeScreenshot extends Application {
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "screenshot-io");
            t.setDaemon(true);
            return t;
          });

  public static void main(String[] args) {
    launch(args);
  }

  @Override
  public void start(Stage stage) {
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    vm.darkProperty().set(Boolean.getBoolean("dark"));
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.setX(0);
    stage.setY(0);
    stage.show();
    vm.open(Path.of("sample-data/project/sample.lbproj").toAbsolutePath());
    when(
        () -> vm.projectProperty().get() != null && vm.model().datasetClassesProperty().get() > 0,
        () -> {
          vm.newFromTemplate(
              "resnet18", vm.model().datasetClassesProperty().get(), List.of(3, 64, 64));
          when(
              () ->
                  vm.model().analysis() != null
                      && vm.model().analysis().nodeAt("layer1.0.conv2").isPresent(),
              () -> {
                String conv = vm.model().analysis().nodeAt("layer1.0.conv2").get().node().id();
                if (Boolean.getBoolean("error")) {
                  // -Derror=true: the picture of a graph with an error
                  vm.model().setParam(conv, "kernel_size", "99");
                }
                vm.model().select(conv);
                view.modelWorkspace().showCode();
                PauseTransition p = new PauseTransition(Duration.millis(1500));
                p.setOnFinished(
                    e -> {
                      System.out.println("READY");
                      PauseTransition q = new PauseTransition(Duration.seconds(10));
                      q.setOnFinished(f -> Platform.exit());
                      q.play();
                    });
                p.play();
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
}
