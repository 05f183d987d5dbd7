package org.layerbench.app.gui;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataWorkspace;
import org.layerbench.app.gui.evaluate.EvaluateWorkspace;
import org.layerbench.app.gui.export.ExportWorkspace;
import org.layerbench.app.gui.lr.LrWorkspace;
import org.layerbench.app.gui.model.ModelWorkspace;
import org.layerbench.app.gui.predict.PredictWorkspace;
import org.layerbench.app.gui.train.TrainWorkspace;

/**
 * A workspace of the window: its name on the switcher, its icon, and how its pane is made. {@link
 * #ALL} is the registry the switcher is built from, in switcher order; a new workspace is one line
 * there.
 *
 * @param name the switcher's label, also the name {@link WorkbenchContext#show} takes
 * @param icon the workspace's icon
 * @param factory makes the pane from what the workspaces share
 */
public record Workspace(String name, Ikon icon, Function<WorkbenchContext, Node> factory) {

  /** Every workspace, in switcher order. */
  public static final List<Workspace> ALL =
      List.of(
          new Workspace("Data", Material2MZ.PHOTO_LIBRARY, DataWorkspace::new),
          new Workspace("Model", Material2AL.ACCOUNT_TREE, c -> new ModelWorkspace(c.vm().model())),
          new Workspace("Learning rate", Material2MZ.SHOW_CHART, LrWorkspace::new),
          new Workspace("Train", Material2MZ.PLAY_ARROW, TrainWorkspace::new),
          new Workspace("Evaluate", Material2AL.ASSESSMENT, EvaluateWorkspace::new),
          new Workspace("Predict", Material2AL.IMAGE_SEARCH, PredictWorkspace::new),
          new Workspace("Export", Material2MZ.SAVE_ALT, ExportWorkspace::new));

  /** The switcher button's id: "ws-learning-rate". */
  public String buttonId() {
    return "ws-" + name.toLowerCase(Locale.ROOT).replace(' ', '-');
  }
}
