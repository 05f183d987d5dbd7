package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerbench.engine.graph.Templates;

/**
 * The workbench application: creates the executors, the view-model and the window, restores the
 * window's bounds, offers to recover autosaved work after a crash, and opens the last project (the
 * bundled sample on first launch).
 *
 * <p>System properties: {@code layerbench.open=FILE} opens a project or model file, {@code
 * layerbench.template=NAME} starts from a template; {@code layerbench.screenshot=FILE.png} saves a
 * snapshot of the window once the model is shown (and {@code layerbench.exitAfterScreenshot=true}
 * then exits, and {@code layerbench.select=ID} selects and centres a layer first); {@code
 * layerbench.dark=true} shows the dark theme, {@code layerbench.workspace=data} another workspace);
 * {@code layerbench.home} holds the autosave folder (default {@code ~/.layerbench}).
 */
public final class WorkbenchApp extends Application {
  private final ExecutorService io = daemon("layerbench-io");
  private final ExecutorService analysis = daemon("layerbench-analysis");
  private WorkbenchViewModel vm;
  private Stage stage;

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void start(Stage primaryStage) {
    this.stage = primaryStage;
    boolean scripted = System.getProperty("layerbench.screenshot") != null;
    Settings settings = scripted ? Settings.inMemory() : Settings.preferences();
    Path home =
        Path.of(
            System.getProperty(
                "layerbench.home",
                Path.of(System.getProperty("user.home"), ".layerbench").toString()));
    vm =
        new WorkbenchViewModel(
            io, analysis, Platform::runLater, settings, scripted ? null : home.resolve("autosave"));
    if (scripted) {
      vm.darkProperty().set(Boolean.getBoolean("layerbench.dark"));
    }
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.getIcons().addAll(AppIcon.images());
    double w = number(settings, "window.w", 1280);
    double h = number(settings, "window.h", 800);
    Scene scene = view.createScene(w, h);
    stage.setScene(scene);
    restoreBounds(settings);
    stage.show();
    view.startTimers(Duration.seconds(Integer.getInteger("layerbench.autosaveSeconds", 30)));
    openFirst(settings);
    if (scripted) {
      screenshotWhenShown(view);
    }
  }

  private void openFirst(Settings settings) {
    var recovery = vm.pendingRecovery();
    if (recovery.isPresent()) {
      if (WorkbenchDialogs.recover(stage, recovery.get())) {
        vm.recover(recovery.get());
        return;
      }
      vm.deleteAutosave();
    }
    String template = System.getProperty("layerbench.template");
    if (template != null && Templates.find(template).isPresent()) {
      Templates.Template t = Templates.find(template).get();
      vm.newFromTemplate(t.name(), t.defaultClasses(), t.defaultInput());
      return;
    }
    String open = System.getProperty("layerbench.open");
    if (open != null && !open.isBlank()) {
      vm.open(Path.of(open));
      return;
    }
    List<Path> recent = vm.recentFiles();
    if (!recent.isEmpty() && recent.get(0).toFile().isFile()) {
      vm.open(recent.get(0));
      return;
    }
    vm.openOrNew(SampleProject::locate);
  }

  private void restoreBounds(Settings s) {
    double x = number(s, "window.x", Double.NaN);
    double y = number(s, "window.y", Double.NaN);
    if (!Double.isNaN(x) && !Double.isNaN(y)) {
      boolean visible =
          Screen.getScreens().stream()
              .map(Screen::getVisualBounds)
              .anyMatch(b -> b.intersects(new Rectangle2D(x, y, 200, 100)));
      if (visible) {
        stage.setX(x);
        stage.setY(y);
      }
    }
    stage.setMaximized(Boolean.parseBoolean(s.get("window.maximized", "false")));
  }

  private static double number(Settings s, String key, double fallback) {
    try {
      return Double.parseDouble(s.get(key, String.valueOf(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public void stop() {
    if (vm != null && stage != null) {
      Settings s = vm.settings();
      s.put("window.maximized", String.valueOf(stage.isMaximized()));
      if (!stage.isMaximized() && stage.getScene() != null) {
        s.put("window.x", String.valueOf(stage.getX()));
        s.put("window.y", String.valueOf(stage.getY()));
        s.put("window.w", String.valueOf(stage.getScene().getWidth()));
        s.put("window.h", String.valueOf(stage.getScene().getHeight()));
      }
    }
    io.shutdown();
    analysis.shutdownNow();
  }

  /** Saves a PNG of the window once the model is shown and analysed. */
  private void screenshotWhenShown(WorkbenchView view) {
    PauseTransition poll = new PauseTransition(Duration.millis(200));
    poll.setOnFinished(
        e -> {
          var a = vm.model().analysis();
          if (vm.busyProperty().get() || a == null || a.graph() != vm.model().graph()) {
            poll.playFromStart();
            return;
          }
          String ws = System.getProperty("layerbench.workspace");
          if (ws != null
              && stage.getScene().lookup("#ws-" + ws)
                  instanceof javafx.scene.control.ToggleButton b) {
            b.setSelected(true);
          }
          String select = System.getProperty("layerbench.select");
          if (select != null && vm.model().graph().node(select).isPresent()) {
            vm.model().select(select);
            view.modelWorkspace().reveal(select);
          }
          PauseTransition settle = new PauseTransition(Duration.millis(900));
          settle.setOnFinished(ev -> screenshot());
          settle.play();
        });
    poll.play();
  }

  private void screenshot() {
    String target = System.getProperty("layerbench.screenshot");
    var image = stage.getScene().snapshot(null);
    try {
      ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", Path.of(target).toFile());
      System.err.println("layerbench: screenshot written to " + target);
    } catch (IOException ex) {
      System.err.println(
          "layerbench: could not write screenshot " + target + ": " + ex.getMessage());
    }
    if (Boolean.getBoolean("layerbench.exitAfterScreenshot")) {
      Platform.exit();
    }
  }
}
