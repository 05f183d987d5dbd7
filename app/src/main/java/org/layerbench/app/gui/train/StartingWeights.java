package org.layerbench.app.gui.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbench.app.FileErrors;
import org.layerbench.app.gui.StartingWeightsFile;
import org.layerbench.engine.data.InputLayouts;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.TensorSpec;
import org.layerbench.engine.io.StateDictFiles;
import org.layerbench.engine.nn.StateDictLoader;
import org.layerbench.engine.project.Project;

/**
 * The weights the project's next run starts from (the CLI's {@code train --weights}): a weight file
 * stored under {@value #KEY} in the project's training settings, and how it fits the model (what
 * {@code load_state_dict(strict=False)} would load and leave out), in sentences. No JavaFX; {@link
 * #check} reads the file and runs off the FX thread.
 */
public final class StartingWeights {
  /** The training settings' key of the weight file (see {@link #file}). */
  static final String KEY = "weights";

  /** Names listed in one sentence before "and N more". */
  private static final int LISTED = 6;

  /** The names and shapes of the last file read, so a model edit does not read it again. */
  private record Shapes(
      Path file, long modified, long size, Map<String, List<Integer>> shapes, String note) {}

  private Shapes cache;

  /**
   * How a weight file fits a model.
   *
   * @param loaded tensors of the model that load from the file
   * @param expected tensors of the model (parameters and buffers)
   * @param summary one sentence: how many load, from which file
   * @param problems one sentence each for the missing, mis-shaped and unexpected tensors
   * @param error why the file or the model could not be checked (then the rest is empty), or null
   */
  record Fit(
      Path file, int loaded, int expected, String summary, List<String> problems, String error) {
    Fit {
      problems = List.copyOf(problems);
    }

    /** Whether a run can start from it: it was read and at least one tensor loads. */
    boolean usable() {
      return error == null && loaded > 0;
    }

    /** The summary and the problems as one text. */
    String text() {
      if (error != null) {
        return error;
      }
      List<String> all = new ArrayList<>();
      all.add(summary);
      all.addAll(problems);
      return String.join(" ", all);
    }
  }

  /**
   * The weight file the project's next run starts from, or null; see {@link StartingWeightsFile}.
   */
  public static Path file(Project p) {
    return StartingWeightsFile.of(p);
  }

  /** The project with this file as the starting weights (null: none). */
  static Project with(Project p, Path file) {
    return StartingWeightsFile.with(p, file);
  }

  /**
   * Reads the file (or its names and shapes from the last read, when it has not changed) and
   * matches it against the model at this image size by name and shape. Never throws: a file that
   * cannot be read, or a model with problems, gives a Fit with the reason.
   */
  synchronized Fit check(Path file, ModelGraph model, int imageSize) {
    String name = file.getFileName().toString();
    Map<String, List<Integer>> shapes;
    try {
      shapes = shapes(file);
    } catch (IOException | ModelFormatException | RuntimeException e) {
      // A permission or disk failure's message is the bare path: say the reason instead.
      String m =
          e instanceof IOException io && FileErrors.isOsFailure(io)
              ? FileErrors.reason(io)
              : e.getMessage() == null ? e.toString() : e.getMessage();
      String why = m.startsWith(file.toString()) ? m.substring(file.toString().length()) : m;
      why = why.replaceFirst("^[:\\s]+", "");
      return new Fit(
          file,
          0,
          0,
          "",
          List.of(),
          "The weights in " + name + " cannot be read: " + TrainViewModel.sentence(why));
    }
    GraphAnalysis analysis =
        GraphAnalysis.of(model.withInputShape(InputLayouts.imageRun(imageSize).dims()));
    if (!analysis.ok()) {
      return new Fit(
          file,
          0,
          0,
          "",
          List.of(),
          "The model has problems, so the weights in "
              + name
              + " cannot be matched to it: "
              + TrainViewModel.sentence(analysis.problems().get(0).message()));
    }
    StateDictLoader.Comparison r = StateDictLoader.compare(analysis, shapes);
    Map<String, List<Integer>> modelShapes = new LinkedHashMap<>();
    for (TensorSpec t : analysis.stateDict()) {
      modelShapes.put(t.name(), t.shape());
    }
    int expected = modelShapes.size();
    int loaded = r.matched().size();
    String summary;
    if (loaded == 0) {
      summary =
          "None of the model's "
              + expected
              + " tensors "
              + (shapes.isEmpty() ? "are in " + name + ", which holds no tensors." : "fit " + name)
              + (shapes.isEmpty() ? "" : ".");
    } else if (loaded == expected && r.unexpected().isEmpty()) {
      summary = "All " + expected + " tensors of the model load from " + name + ".";
    } else {
      summary = loaded + " of the model's " + expected + " tensors load from " + name + ".";
    }
    if (cache.note() != null) {
      // a training checkpoint, unwrapped: say which entry the tensors came from
      summary += " " + name + " is " + cache.note() + ".";
    }
    List<String> problems = new ArrayList<>();
    if (!r.missing().isEmpty()) {
      int n = r.missing().size();
      problems.add(
          count(n, "is", "are")
              + " not in the file and "
              + (n == 1 ? "keeps its" : "keep their")
              + " initialisation: "
              + list(r.missing())
              + ".");
    }
    if (!r.mismatched().isEmpty()) {
      List<String> described = new ArrayList<>();
      for (String m : r.mismatched()) {
        String key = m.contains(" (") ? m.substring(0, m.indexOf(" (")) : m;
        described.add(
            key
                + " ("
                + shape(shapes.get(key))
                + " in the file, "
                + shape(modelShapes.get(key))
                + " in the model)");
      }
      int n = described.size();
      problems.add(
          count(n, "has", "have")
              + " another shape in the file and "
              + (n == 1 ? "keeps its" : "keep their")
              + " initialisation: "
              + list(described)
              + ".");
    }
    if (!r.unexpected().isEmpty()) {
      int n = r.unexpected().size();
      problems.add(
          (n == 1 ? "1 tensor in the file is" : n + " tensors in the file are")
              + " not in the model and "
              + (n == 1 ? "is" : "are")
              + " left out: "
              + list(r.unexpected())
              + ".");
    }
    return new Fit(file, loaded, expected, summary, problems, null);
  }

  private Map<String, List<Integer>> shapes(Path file) throws IOException, ModelFormatException {
    long modified = Files.getLastModifiedTime(file).toMillis();
    long size = Files.size(file);
    Shapes c = cache;
    if (c != null && c.file.equals(file) && c.modified == modified && c.size == size) {
      return c.shapes;
    }
    Map<String, List<Integer>> shapes = new LinkedHashMap<>();
    StateDictFiles.Loaded loaded = StateDictFiles.load(file);
    loaded
        .tensors()
        .forEach(
            (k, t) -> {
              List<Integer> s = new ArrayList<>();
              for (long d : t.shape()) {
                s.add((int) d);
              }
              shapes.put(k, s);
            });
    cache = new Shapes(file, modified, size, shapes, loaded.note());
    return shapes;
  }

  private static String count(int n, String one, String many) {
    return n == 1 ? "1 tensor of the model " + one : n + " tensors of the model " + many;
  }

  private static String list(List<String> items) {
    if (items.size() <= LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, LISTED))
        + " and "
        + (items.size() - LISTED)
        + " more";
  }

  private static String shape(List<Integer> shape) {
    if (shape == null) {
      return "?";
    }
    if (shape.isEmpty()) {
      return "a scalar";
    }
    List<String> parts = new ArrayList<>();
    shape.forEach(d -> parts.add(Integer.toString(d)));
    return String.join("×", parts);
  }
}
