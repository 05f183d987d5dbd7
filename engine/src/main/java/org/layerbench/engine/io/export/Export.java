package org.layerbench.engine.io.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.layerbench.engine.io.AtomicFiles;

/**
 * Runs an export: checks the target, writes every chosen format into a temporary folder beside it,
 * verifies each file against LayerBench, and only then moves the files into the target. A refusal
 * or a failed verification leaves the target as it was; files LayerBench did not write are never
 * deleted. Must run on the engine thread (verification runs the model).
 */
public final class Export {
  public static final String JSON = "export.json";
  public static final String README = "README.md";
  public static final int MAX_INPUTS = 32;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Temporary folders of exports under way, removed by a shutdown hook after Ctrl-C. */
  private static final Set<Path> UNDER_WAY = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : UNDER_WAY) {
                    try {
                      PyTorchExporter.deleteTree(p);
                    } catch (IOException | RuntimeException ignored) {
                      // best effort while the process ends
                    }
                  }
                },
                "export-cleanup"));
  }

  private Export() {}

  /**
   * What to export.
   *
   * @param model a bundle (.lbmodel) or a model JSON (code only)
   * @param formats the exporters, in order
   * @param target the folder to write
   * @param verify whether to check every file against LayerBench
   * @param force whether to write into a folder that holds other files
   */
  public record Request(
      Path model, List<Exporter> formats, Path target, boolean verify, boolean force) {}

  /** A written file and its size. */
  public record WrittenFile(String name, long bytes) {}

  /**
   * What an export did.
   *
   * @param inputs what verification ran on, or null when it did not run
   */
  public record Result(
      Path target,
      List<WrittenFile> files,
      List<Verification> checks,
      boolean codeOnly,
      String inputs) {

    public boolean failed() {
      return checks.stream().anyMatch(c -> c.status() == Verification.Status.FAILED);
    }
  }

  /**
   * Exports. A failed verification returns a result whose {@link Result#failed()} is true and
   * leaves the target untouched.
   *
   * @param progress told each step in a few words
   * @throws ExportException with one line for anything refused or unwritable
   */
  public static Result run(Request request, Consumer<String> progress) throws ExportException {
    return run(request, progress, () -> false);
  }

  /**
   * Exports, asking {@code cancelled} between steps (before each format is written or verified, and
   * before the files are moved): when it says true the export ends with a {@link
   * CancellationException} and the target is left as it was. A step under way (one format's
   * writing, one verification) is never interrupted.
   *
   * @throws ExportException with one line for anything refused or unwritable
   */
  public static Result run(Request request, Consumer<String> progress, BooleanSupplier cancelled)
      throws ExportException {
    stopIf(cancelled);
    ExportSource source = ExportSource.load(request.model());
    for (Exporter e : request.formats()) {
      String refused = e.unsupported(source);
      if (refused != null) {
        throw new ExportException(refused);
      }
      if (e.needsWeights() && !source.hasWeights()) {
        throw new ExportException(
            request.model()
                + " is a model without weights: only --format pytorch exports it (code only);"
                + " train it or export a .lbmodel for "
                + e.id());
      }
    }
    Path target = request.target().toAbsolutePath().normalize();
    checkTarget(target, request.force());
    Path parent = target.getParent();
    Path tmp;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".export-");
      UNDER_WAY.add(tmp);
    } catch (AccessDeniedException e) {
      throw new ExportException("cannot write to " + parent + ": permission denied");
    } catch (IOException e) {
      throw new ExportException("cannot write to " + parent + ": " + reason(e));
    }
    try {
      Set<String> names = new LinkedHashSet<>();
      for (Exporter e : request.formats()) {
        stopIf(cancelled);
        progress.accept("writing " + e.displayName());
        names.addAll(e.write(source, tmp));
      }
      List<Verification> checks = new ArrayList<>();
      String inputs = null;
      if (request.verify()) {
        stopIf(cancelled);
        progress.accept("running LayerBench on the verification inputs");
        ReferenceInputs ref = ReferenceInputs.prepare(source, MAX_INPUTS);
        inputs = ref.description();
        for (Exporter e : request.formats()) {
          stopIf(cancelled);
          progress.accept("verifying " + e.displayName());
          for (Verification v : e.verify(source, tmp, ref)) {
            if (!checks.contains(v)) {
              checks.add(v); // the PyTorch and Lightning exports share model.py's check
            }
          }
        }
      }
      List<WrittenFile> files = new ArrayList<>();
      for (String n : names) {
        files.add(new WrittenFile(n, Files.size(tmp.resolve(n))));
      }
      Result result = new Result(target, files, checks, !source.hasWeights(), inputs);
      if (result.failed()) {
        return result;
      }
      stopIf(cancelled);
      AtomicFiles.writeString(tmp.resolve(README), readme(source, request.formats()));
      names.add(README);
      AtomicFiles.writeString(tmp.resolve(JSON), json(source, result, names));
      names.add(JSON);
      progress.accept("moving the files into " + target);
      moveInto(tmp, target, names);
      List<WrittenFile> all = new ArrayList<>(files);
      all.add(new WrittenFile(README, Files.size(target.resolve(README))));
      all.add(new WrittenFile(JSON, Files.size(target.resolve(JSON))));
      return new Result(target, all, checks, result.codeOnly(), inputs);
    } catch (IOException e) {
      throw new ExportException("cannot write the export to " + target + ": " + reason(e));
    } finally {
      try {
        PyTorchExporter.deleteTree(tmp);
        UNDER_WAY.remove(tmp);
      } catch (IOException ignored) {
        // a leftover temporary folder is hidden and harmless
      }
    }
  }

  private static void stopIf(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("the export was cancelled");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * The target must be a folder that is new, empty, or holds only what an earlier export wrote
   * (listed in its export.json); anything else needs {@code force}, and even then only files of the
   * same names are replaced.
   */
  static void checkTarget(Path target, boolean force) throws ExportException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new ExportException(target + " is a file, not a folder");
    }
    Set<String> ours = previousExport(target);
    List<String> others = new ArrayList<>();
    try (var list = Files.list(target)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> !ours.contains(n))
          .sorted()
          .forEach(others::add);
    } catch (IOException e) {
      throw new ExportException("cannot read " + target + ": " + reason(e));
    }
    if (!others.isEmpty() && !force) {
      throw new ExportException(
          target
              + " holds files LayerBench did not export ("
              + String.join(", ", others.subList(0, Math.min(3, others.size())))
              + (others.size() > 3 ? ", …" : "")
              + "): choose an empty folder, or add --force to write beside them"
              + " (files of other names are left alone)");
    }
    if (!Files.isWritable(target)) {
      throw new ExportException("cannot write to " + target + ": permission denied");
    }
  }

  private static Set<String> previousExport(Path target) {
    Set<String> names = new LinkedHashSet<>();
    Path json = target.resolve(JSON);
    if (!Files.isRegularFile(json)) {
      return names;
    }
    try {
      JsonNode root = MAPPER.readTree(json.toFile());
      if (!"layerbench.export".equals(root.path("format").asText())) {
        return names;
      }
      root.path("files").forEach(f -> names.add(f.path("name").asText()));
      names.add(JSON);
    } catch (IOException | RuntimeException e) {
      // not ours, or damaged: treat its files as someone else's
    }
    return names;
  }

  /** Moves the files over; into a new folder by renaming the whole temporary folder. */
  private static void moveInto(Path tmp, Path target, Set<String> names) throws IOException {
    if (!Files.exists(target)) {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (IOException e) {
        Files.createDirectories(target);
      }
    }
    for (String n : names) {
      Files.move(
          tmp.resolve(n),
          target.resolve(n),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static String readme(ExportSource source, List<Exporter> formats) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(source.graph().name()).append(", exported from LayerBench\n\n");
    sb.append("From `").append(source.file().getFileName()).append("`");
    if (!source.labels().isEmpty()) {
      sb.append(", ")
          .append(source.labels().size())
          .append(" classes (`labels.json`: ")
          .append(
              String.join(", ", source.labels().subList(0, Math.min(8, source.labels().size()))))
          .append(source.labels().size() > 8 ? ", …" : "")
          .append(")");
    }
    sb.append(". `export.json` says how each file was checked against LayerBench.\n\n");
    Set<String> seen = new LinkedHashSet<>();
    for (Exporter e : formats) {
      String part = e.readme(source);
      if (!part.isBlank() && seen.add(part)) {
        sb.append(part.strip()).append("\n\n");
      }
    }
    return sb.toString().strip() + "\n";
  }

  private static String json(ExportSource source, Result result, Set<String> names)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", "layerbench.export");
    root.put("version", 1);
    root.put("model", source.file().toAbsolutePath().toString());
    root.put("name", source.graph().name());
    root.put("codeOnly", result.codeOnly());
    List<Map<String, Object>> files = new ArrayList<>();
    for (WrittenFile f : result.files()) {
      files.add(Map.of("name", f.name(), "bytes", f.bytes()));
    }
    files.add(Map.of("name", README));
    root.put("files", files);
    root.put("verificationInputs", result.inputs());
    root.put("tolerance", Verification.TOLERANCE);
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Verification v : result.checks()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("file", v.file());
      c.put("how", v.how());
      c.put("status", v.status().word());
      c.put("maxAbsDiff", v.maxAbsDiff());
      c.put("detail", v.detail());
      checks.add(c);
    }
    root.put("verification", checks);
    return MAPPER.writeValueAsString(root) + "\n";
  }
}
