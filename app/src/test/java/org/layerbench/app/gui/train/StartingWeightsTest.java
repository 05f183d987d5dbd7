package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.graph.TensorSpec;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.project.TrainingSettings;

/** How a weight file fits a model, in sentences (no window, no engine). */
class StartingWeightsTest {
  @TempDir Path tmp;

  private static final ModelGraph SIMPLENET =
      Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));

  private static List<TensorSpec> tensors() {
    return GraphAnalysis.of(SIMPLENET).stateDict();
  }

  /** A float32 tensor of zeros of this shape (also for RunMenuGuiTest's weight files). */
  static TensorData zeros(List<Integer> shape) {
    long[] s = shape.stream().mapToLong(Integer::longValue).toArray();
    int n = shape.stream().reduce(1, Math::multiplyExact);
    return TensorData.ofFloats(s, new float[n]);
  }

  private Path write(String name, Map<String, List<Integer>> shapes) throws Exception {
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    shapes.forEach((k, s) -> t.put(k, zeros(s)));
    Path file = tmp.resolve(name);
    Safetensors.write(file, t, Map.of());
    return file;
  }

  /**
   * A weight file under the project's folder is stored relative to it and moves with the project
   * (as the dataset does); one outside, or of an unsaved project, is stored absolute; Save As into
   * another folder keeps pointing at the same file.
   */
  @Test
  void aFileUnderTheProjectsFolderMovesWithIt() {
    Path dir = tmp.resolve("project");
    var p =
        new org.layerbench.engine.project.Project(
            "p",
            dir.resolve("p.lbproj"),
            "data",
            SIMPLENET,
            TrainingSettings.DEFAULTS,
            List.of(),
            null);
    Path inside = dir.resolve("weights/start.safetensors");
    var withInside = StartingWeights.with(p, inside);
    assertThat(withInside.training().weights()).isEqualTo("weights/start.safetensors");
    assertThat(StartingWeights.file(withInside)).isEqualTo(inside.toAbsolutePath().normalize());

    Path moved = tmp.resolve("elsewhere/project");
    var movedProject =
        new org.layerbench.engine.project.Project(
            "p",
            moved.resolve("p.lbproj"),
            "data",
            SIMPLENET,
            withInside.training(),
            List.of(),
            null);
    assertThat(StartingWeights.file(movedProject))
        .isEqualTo(moved.resolve("weights/start.safetensors").toAbsolutePath().normalize());

    Path outside = tmp.resolve("downloads/resnet18.pt");
    assertThat(StartingWeights.with(p, outside).training().weights())
        .isEqualTo(outside.toAbsolutePath().normalize().toString());
    var unsaved =
        new org.layerbench.engine.project.Project(
            "u", null, null, SIMPLENET, TrainingSettings.DEFAULTS, List.of(), null);
    assertThat(StartingWeights.with(unsaved, inside).training().weights())
        .isEqualTo(inside.toAbsolutePath().normalize().toString());

    // Save As into a folder above the weights: still relative, to the same file; into an
    // unrelated folder: absolute, to the same file.
    var up =
        org.layerbench.app.gui.StartingWeightsFile.rebased(withInside, tmp.resolve("p2.lbproj"));
    assertThat(up.weights()).isEqualTo("project/weights/start.safetensors");
    var away =
        org.layerbench.app.gui.StartingWeightsFile.rebased(
            withInside, tmp.resolve("other/p3.lbproj"));
    assertThat(away.weights()).isEqualTo(inside.toAbsolutePath().normalize().toString());
    assertThat(StartingWeights.with(withInside, null).training().weights()).isNull();
  }

  @Test
  void aCompleteFileLoadsEverything() throws Exception {
    Map<String, List<Integer>> shapes = new LinkedHashMap<>();
    tensors().forEach(t -> shapes.put(t.name(), t.shape()));
    var fit = new StartingWeights().check(write("w.safetensors", shapes), SIMPLENET, 16);
    assertThat(fit.usable()).isTrue();
    assertThat(fit.text())
        .isEqualTo("All " + tensors().size() + " tensors of the model load from w.safetensors.");
  }

  @Test
  void oneMissingTensorIsOneSentenceInTheSingular() throws Exception {
    Map<String, List<Integer>> shapes = new LinkedHashMap<>();
    tensors().forEach(t -> shapes.put(t.name(), t.shape()));
    String last = tensors().getLast().name();
    shapes.remove(last);
    var fit = new StartingWeights().check(write("w.safetensors", shapes), SIMPLENET, 16);
    int all = tensors().size();
    assertThat(fit.problems())
        .containsExactly(
            "1 tensor of the model is not in the file and keeps its initialisation: " + last + ".");
    assertThat(fit.summary())
        .isEqualTo((all - 1) + " of the model's " + all + " tensors load from w.safetensors.");
  }

  @Test
  void longListsAreCutShortAndNothingFittingIsNotUsable() throws Exception {
    Map<String, List<Integer>> shapes = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      shapes.put("other." + i, List.of(1));
    }
    var fit = new StartingWeights().check(write("other.safetensors", shapes), SIMPLENET, 16);
    assertThat(fit.usable()).isFalse();
    assertThat(fit.summary()).startsWith("None of the model's ");
    assertThat(fit.problems().getLast())
        .isEqualTo(
            "9 tensors in the file are not in the model and are left out: other.0, other.1,"
                + " other.2, other.3, other.4, other.5 and 3 more.");
  }

  @Test
  void anUnreadableFileSaysWhy() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.lbmodel"), "nope");
    var fit = new StartingWeights().check(junk, SIMPLENET, 16);
    assertThat(fit.usable()).isFalse();
    assertThat(fit.error())
        .startsWith("The weights in junk.lbmodel cannot be read: ")
        .endsWith(".");
    assertThat(fit.error()).doesNotContain(tmp.toString());
  }

  @Test
  void aFileTheSystemRefusesSaysWhyInWords() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("weights.safetensors"));
    var fit = new StartingWeights().check(folder, SIMPLENET, 16);
    assertThat(fit.error())
        .isEqualTo(
            "The weights in weights.safetensors cannot be read: It is a folder, not a file.");
  }
}
