package org.layerbench.app.gui.train;

import java.nio.file.Path;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.project.Project;

/**
 * The weights the next run starts from (File → Import Weights): the project's weight file and how
 * it fits the model, read and matched on the I/O executor whenever the file, the model or the image
 * size changes. Refusals and confirmations go to the run's status line and banner.
 */
final class WeightsChoice {
  private final WorkbenchContext context;
  private final WorkbenchViewModel vm;
  private final RunSession status;
  private final StartingWeights startingWeights = new StartingWeights();
  private final ReadOnlyObjectWrapper<Path> weights = new ReadOnlyObjectWrapper<>(this, "weights");
  private final ReadOnlyObjectWrapper<StartingWeights.Fit> weightsFit =
      new ReadOnlyObjectWrapper<>(this, "weightsFit");
  private long weightsGeneration;

  WeightsChoice(WorkbenchContext context, RunSession status) {
    this.context = context;
    this.vm = context.vm();
    this.status = status;
  }

  /** The weight file the next run starts from (File → Import Weights), or null. */
  public ReadOnlyObjectProperty<Path> weightsProperty() {
    return weights.getReadOnlyProperty();
  }

  /** How the starting weights fit the model, in sentences; null while checked or when none. */
  public ReadOnlyObjectProperty<StartingWeights.Fit> weightsFitProperty() {
    return weightsFit.getReadOnlyProperty();
  }

  /**
   * Makes this file (safetensors, a torch.save .pt, or a .lbmodel) the starting weights of the next
   * runs, as one undoable project edit, once it has been read and matched to the model (on the I/O
   * executor). A file that cannot be read, or of which nothing fits the model, is refused with the
   * reason in the banner and changes nothing.
   */
  public void importWeights(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Project p = vm.current();
    int size = p.training().imageSize();
    status.say("Reading the weights in " + abs.getFileName() + "…");
    context
        .io()
        .execute(
            () -> {
              StartingWeights.Fit fit = startingWeights.check(abs, p.model(), size);
              context.fx().execute(() -> imported(abs, fit));
            });
  }

  private void imported(Path file, StartingWeights.Fit fit) {
    if (!fit.usable()) {
      status.refuse("Weights not imported", fit.text());
      return;
    }
    status.dismissBanner();
    status.say("The next run starts from the weights in " + file.getFileName() + ".");
    if (!file.equals(weights.get())) {
      vm.editProject("Import weights " + file.getFileName(), q -> StartingWeights.with(q, file));
    } else {
      weightsFit.set(fit);
    }
  }

  /** The next runs start from PyTorch's initialisation again (an undoable project edit). */
  public void clearWeights() {
    if (weights.get() != null) {
      vm.editProject("Clear starting weights", q -> StartingWeights.with(q, null));
    }
  }

  void check(Project p) {
    long generation = ++weightsGeneration;
    Path file = StartingWeights.file(p);
    weights.set(file);
    weightsFit.set(null);
    if (file == null) {
      return;
    }
    int size = p.training().imageSize();
    context
        .io()
        .execute(
            () -> {
              StartingWeights.Fit fit = startingWeights.check(file, p.model(), size);
              context
                  .fx()
                  .execute(
                      () -> {
                        if (generation == weightsGeneration) {
                          weightsFit.set(fit);
                        }
                      });
            });
  }
}
