package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectFile;

/**
 * Everything the window shows about a project, computed off the FX thread in one go: the project,
 * the analysis of its model, and the image count per class and split of its dataset. No JavaFX
 * here, so it is tested without a window.
 */
public record ProjectSummary(
    Project project, GraphAnalysis analysis, Map<String, Map<String, Integer>> datasetCounts) {

  private static final List<String> IMAGE_EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff");

  public static ProjectSummary load(Path file) throws IOException, ModelFormatException {
    Project p = ProjectFile.read(file);
    return new ProjectSummary(p, GraphAnalysis.of(p.model()), countImages(p.datasetDir()));
  }

  /**
   * Images per split and class: {@code {"train": {"circle": 60, ...}, "val": {...}}}. A folder
   * without train/ or val/ counts as one split "all". Missing folders give an empty map.
   */
  static Map<String, Map<String, Integer>> countImages(Path dir) throws IOException {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    List<String> splits = new ArrayList<>();
    for (String s : List.of("train", "val", "test")) {
      if (Files.isDirectory(dir.resolve(s))) {
        splits.add(s);
      }
    }
    if (splits.isEmpty()) {
      out.put("all", classCounts(dir));
    } else {
      for (String s : splits) {
        out.put(s, classCounts(dir.resolve(s)));
      }
    }
    return out;
  }

  private static Map<String, Integer> classCounts(Path splitDir) throws IOException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    try (Stream<Path> classes = Files.list(splitDir)) {
      for (Path c : classes.filter(Files::isDirectory).filter(p -> !hidden(p)).toList()) {
        try (Stream<Path> files = Files.walk(c)) {
          int n =
              (int)
                  files
                      .filter(Files::isRegularFile)
                      .filter(p -> !hidden(p))
                      .filter(ProjectSummary::isImage)
                      .count();
          if (n > 0) {
            counts.put(c.getFileName().toString(), n);
          }
        }
      }
    }
    return counts;
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** Class names across splits, sorted as torchvision's ImageFolder sorts them. */
  public List<String> classes() {
    return datasetCounts.values().stream()
        .flatMap(m -> m.keySet().stream())
        .distinct()
        .sorted()
        .toList();
  }
}
