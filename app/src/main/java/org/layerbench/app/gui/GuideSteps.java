package org.layerbench.app.gui;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import org.layerbench.app.gui.evaluate.EvaluateWorkspace;
import org.layerbench.app.gui.export.ExportWorkspace;
import org.layerbench.app.gui.guide.GuideStep;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.app.gui.train.TrainViewModel;
import org.layerbench.app.gui.train.TrainWorkspace;

/**
 * The first-run guide's steps, the pipeline in the order a newcomer walks it, each done when what
 * the window already knows says so: a dataset set, a valid model, a learning rate in the training
 * settings, a run on disk, an evaluation shown, an export written.
 */
final class GuideSteps {
  private GuideSteps() {}

  static List<GuideStep> of(WorkbenchViewModel vm, WorkspaceSwitcher panes) {
    ModelViewModel model = vm.model();
    TrainViewModel train = panes.pane(TrainWorkspace.class).viewModel();
    ObservableBooleanValue dataset =
        Bindings.createBooleanBinding(
            () -> {
              var p = vm.projectProperty().get();
              return p != null && p.dataset() != null && !p.dataset().isBlank();
            },
            vm.projectProperty());
    ObservableBooleanValue modelValid =
        Bindings.createBooleanBinding(
            () ->
                model.analyses(model.graph())
                    && model.analysis().ok()
                    && model.graph().nodes().size() > 1
                    && model.classMismatchProperty().get() == null,
            model.analysisProperty(),
            model.graphProperty(),
            model.classMismatchProperty());
    ObservableBooleanValue rate =
        Bindings.createBooleanBinding(
            () -> train.trainingProperty().get() != null && train.isSet("lr"),
            train.trainingProperty());
    ObservableBooleanValue runs = Bindings.isNotEmpty(train.runs().records());
    ObservableBooleanValue evaluated =
        panes.pane(EvaluateWorkspace.class).viewModel().resultProperty().isNotNull();
    ObservableBooleanValue exported =
        panes.pane(ExportWorkspace.class).viewModel().doneProperty().isNotNull();
    return List.of(
        new GuideStep(
            "Open a dataset",
            "open a dataset folder on the Data workspace (File → Open Dataset Folder…), then check"
                + " its classes and augmentation.",
            "Data",
            dataset),
        new GuideStep(
            "Choose a model",
            "start from a template (File → New from Template…) or drag layers from the palette;"
                + " the model is ready when its Problems list is empty.",
            "Model",
            modelValid),
        new GuideStep(
            "Find a learning rate",
            "run the sweep on the Learning-rate workspace and press Use this rate.",
            "Learning rate",
            rate),
        new GuideStep(
            "Train",
            "press Start on the Train workspace (F5) and watch loss and accuracy.",
            "Train",
            runs),
        new GuideStep(
            "Evaluate",
            "pick a run on the Evaluate workspace for its accuracy, confusion matrix and mistakes.",
            "Evaluate",
            evaluated),
        new GuideStep(
            "Export",
            "write PyTorch code, ONNX or a Lightning script from a run on the Export workspace.",
            "Export",
            exported));
  }
}
