package org.layerbench.app.gui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.data.DataViewModel.Which;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformParam;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.project.Project;

/**
 * The train and validation pipelines being edited: which one the editor shows, its selected step
 * and errors, and every edit (add, remove, move, enable, set a parameter, the measured
 * normalization) as one undoable {@link WorkbenchViewModel#editProject} edit. The state follows the
 * project, so undo needs nothing special.
 */
final class PipelineEditor {
  private final WorkbenchViewModel vm;
  private final IntSupplier size;
  private final Runnable activeChanged;

  private final ReadOnlyObjectWrapper<PipelineFile> pipelines = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper defaultPipelines = new ReadOnlyBooleanWrapper(true);
  private final ObjectProperty<Which> active = new SimpleObjectProperty<>(Which.TRAIN);
  private final ReadOnlyObjectWrapper<Pipeline> activePipeline = new ReadOnlyObjectWrapper<>();
  private final ObjectProperty<StepPath> selectedStep = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<Map<StepPath, String>> stepErrors =
      new ReadOnlyObjectWrapper<>(Map.of());
  private final ReadOnlyStringWrapper editMessage = new ReadOnlyStringWrapper("");

  /**
   * @param size the training image size (what new crop and resize steps use)
   * @param activeChanged told when the pipeline the editor shows changes (the preview renders it)
   */
  PipelineEditor(WorkbenchViewModel vm, IntSupplier size, Runnable activeChanged) {
    this.vm = vm;
    this.size = size;
    this.activeChanged = activeChanged;
    active.addListener(
        (obs, o, n) -> {
          selectedStep.set(null);
          editMessage.set("");
          updateActive();
        });
  }

  /** Follows the project's pipelines (or the default ones when it has none). */
  void projectChanged(Project p) {
    PipelineFile eff = effective(p);
    defaultPipelines.set(p.transforms() == null);
    if (!eff.equals(pipelines.get())) {
      editMessage.set(""); // undone, redone, another project: the refusal is about another value
      pipelines.set(eff);
      updateActive();
    }
  }

  /** Another dataset: a refusal shown was about the old dataset's pipelines. */
  void datasetChanged() {
    editMessage.set("");
  }

  private static PipelineFile effective(Project p) {
    return p.transforms() != null
        ? p.transforms()
        : PipelineFile.standard(p.training().imageSize());
  }

  /**
   * Writes {@code s}'s mean and std (rounded to 3 decimals) into every Normalize step of both
   * pipelines, as one undoable edit.
   */
  Optional<String> useNormalization(ChannelStats s, String label) {
    List<Double> mean = rounded(s.mean());
    List<Double> std = rounded(s.std());
    UnaryOperator<Pipeline> set =
        p -> {
          List<Step> out = new ArrayList<>();
          for (Step step : p.steps()) {
            out.add(
                step.type() == TransformType.NORMALIZE
                    ? step.withParam("mean", mean).withParam("std", std)
                    : step);
          }
          return new Pipeline(out);
        };
    PipelineFile f = pipelines.get();
    if (f == null
        || (f.train().steps().stream().noneMatch(t -> t.type() == TransformType.NORMALIZE)
            && f.val().steps().stream().noneMatch(t -> t.type() == TransformType.NORMALIZE))) {
      String m = "The pipelines have no Normalize step to take these values; add one first.";
      editMessage.set(m);
      return Optional.of(m);
    }
    return edit(
        label,
        p -> {
          PipelineFile e = effective(p);
          return new PipelineFile(set.apply(e.train()), set.apply(e.val()));
        });
  }

  private static List<Double> rounded(double[] v) {
    List<Double> out = new ArrayList<>();
    for (double d : v) {
      out.add(Math.round(d * 1000) / 1000.0);
    }
    return out;
  }

  /**
   * The mean and std the train pipeline's first enabled Normalize step uses, or null when it has
   * none.
   */
  ChannelStats normalizationInUse() {
    PipelineFile f = pipelines.get();
    if (f == null) {
      return null;
    }
    for (Step s : f.train().steps()) {
      if (s.enabled()
          && s.type() == TransformType.NORMALIZE
          && s.params().get("mean") instanceof List<?> m
          && s.params().get("std") instanceof List<?> d
          && m.size() == 3
          && d.size() == 3) {
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int i = 0; i < 3; i++) {
          if (!(m.get(i) instanceof Number a) || !(d.get(i) instanceof Number b)) {
            return null;
          }
          mean[i] = a.doubleValue();
          std[i] = b.doubleValue();
        }
        return new ChannelStats(mean, std, 0, 0);
      }
    }
    return null;
  }

  private void updateActive() {
    PipelineFile f = pipelines.get();
    if (f == null) {
      return;
    }
    Pipeline p = active.get() == Which.TRAIN ? f.train() : f.val();
    activePipeline.set(p);
    stepErrors.set(PipelineCheck.errors(p, active.get() == Which.VAL));
    if (selectedStep.get() != null && !PipelineEdits.exists(p, selectedStep.get())) {
      selectedStep.set(null);
    }
    activeChanged.run();
  }

  /** The step at {@code path} of the active pipeline. */
  Step step(StepPath path) {
    return PipelineEdits.get(activePipeline.get(), path);
  }

  /**
   * Adds a new {@code type} step to the active pipeline: after the selected step (inside it when it
   * is a RandomApply and {@code inside} is true), else where the stage fits. Selects it.
   */
  Optional<String> addStep(TransformType type, boolean inside) {
    Pipeline p = activePipeline.get();
    if (active.get() == Which.VAL && type.random()) {
      String m =
          type.jsonName()
              + " is random; the validation pipeline must score every epoch the same way, so"
              + " random steps belong in the train pipeline.";
      editMessage.set(m);
      return Optional.of(m);
    }
    StepPath sel = selectedStep.get();
    StepPath parent;
    int at;
    if (sel != null && PipelineEdits.exists(p, sel)) {
      if (inside && PipelineEdits.get(p, sel).type() == TransformType.RANDOM_APPLY) {
        parent = sel;
        at = PipelineEdits.get(p, sel).steps().size();
      } else {
        parent = sel.parent();
        at = sel.last() + 1;
      }
    } else {
      parent = StepPath.ROOT;
      at = PipelineEdits.defaultIndex(p, type);
    }
    Step step = PipelineEdits.newStep(type, size.getAsInt());
    Optional<String> r =
        editActive("Add " + type.jsonName(), q -> PipelineEdits.insert(q, parent, at, step));
    if (r.isEmpty()) {
      selectedStep.set(parent.child(at));
    }
    return r;
  }

  Optional<String> removeStep(StepPath path) {
    String name = step(path).type().jsonName();
    Optional<String> r = editActive("Remove " + name, q -> PipelineEdits.remove(q, path));
    if (r.isEmpty()) {
      selectedStep.set(null);
    }
    return r;
  }

  /** Moves a step (drag and drop); see {@link PipelineEdits#move}. */
  Optional<String> moveStep(StepPath from, StepPath toParent, int index) {
    Pipeline p = activePipeline.get();
    PipelineEdits.Moved moved;
    try {
      moved = PipelineEdits.move(p, from, toParent, index);
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
    if (moved.pipeline().equals(p)) {
      return Optional.empty();
    }
    Optional<String> r =
        editActive("Move " + PipelineEdits.get(p, from).type().jsonName(), q -> moved.pipeline());
    if (r.isEmpty()) {
      selectedStep.set(moved.path());
    }
    return r;
  }

  Optional<String> setEnabled(StepPath path, boolean on) {
    Step s = step(path);
    if (s.enabled() == on) {
      return Optional.empty();
    }
    return editActive(
        (on ? "Enable " : "Disable ") + s.type().jsonName(),
        q -> PipelineEdits.replace(q, path, s.withEnabled(on)));
  }

  /**
   * Sets a parameter from the text typed into its field; an empty field means the default. A value
   * the step refuses is not applied: the reason is returned (and shown) instead.
   */
  Optional<String> setParamText(StepPath path, String name, String text) {
    TransformParam param = step(path).type().param(name);
    Object value;
    try {
      value = ParamValues.parse(param, text);
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
    return setParam(path, name, value);
  }

  /** Sets a parameter to a JSON value (null: the default), refusing what the step refuses. */
  Optional<String> setParam(StepPath path, String name, Object value) {
    Step s = step(path);
    if (Objects.equals(s.params().get(name), value)) {
      editMessage.set("");
      return Optional.empty();
    }
    Step changed = s.withParam(name, value);
    String error = PipelineCheck.checkAlone(changed);
    if (error != null) {
      editMessage.set(error);
      return Optional.of(error);
    }
    return editActive(
        "Set " + s.type().jsonName() + " " + name, q -> PipelineEdits.replace(q, path, changed));
  }

  /** Back to the default pipelines (resize to the training size, ImageNet normalization). */
  void resetPipelines() {
    vm.editProject("Default Transforms", p -> p.withTransforms(null));
  }

  private Optional<String> editActive(String label, UnaryOperator<Pipeline> change) {
    Which w = active.get();
    return edit(
        label + (w == Which.TRAIN ? " (train)" : " (validation)"),
        p -> {
          PipelineFile f = effective(p);
          return w == Which.TRAIN
              ? new PipelineFile(change.apply(f.train()), f.val())
              : new PipelineFile(f.train(), change.apply(f.val()));
        });
  }

  private Optional<String> edit(
      String label, java.util.function.Function<Project, PipelineFile> f) {
    try {
      vm.editProject(label, p -> p.withTransforms(f.apply(p)));
      editMessage.set("");
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
  }

  private static String sentence(String s) {
    return DataViewModel.sentence(s);
  }

  ReadOnlyObjectProperty<PipelineFile> pipelinesProperty() {
    return pipelines.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty defaultPipelinesProperty() {
    return defaultPipelines.getReadOnlyProperty();
  }

  ObjectProperty<Which> activeProperty() {
    return active;
  }

  ReadOnlyObjectProperty<Pipeline> activePipelineProperty() {
    return activePipeline.getReadOnlyProperty();
  }

  ObjectProperty<StepPath> selectedStepProperty() {
    return selectedStep;
  }

  ReadOnlyObjectProperty<Map<StepPath, String>> stepErrorsProperty() {
    return stepErrors.getReadOnlyProperty();
  }

  ReadOnlyStringProperty editMessageProperty() {
    return editMessage.getReadOnlyProperty();
  }
}
