package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.layerbench.engine.io.export.Export;
import org.layerbench.engine.io.export.ExportException;
import org.layerbench.engine.io.export.ExportSource;
import org.layerbench.engine.io.export.Exporter;
import org.layerbench.engine.io.export.Exporters;
import org.layerbench.engine.io.export.Verification;
import org.layerbench.engine.train.EngineThread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench export --model X.lbmodel --format pytorch|onnx|lightning|safetensors|all -o
 * DIR}: writes the formats, checks each file against LayerBench, and only then puts them in DIR.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a trained model: PyTorch code + state_dict, ONNX, a Lightning training script, or"
          + " safetensors weights.",
      "Every file is checked against LayerBench's own outputs (largest |Δlogit| ≤ 1e-4) before"
          + " it is put in DIR; a model JSON without weights exports as PyTorch code only."
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "X.lbmodel",
      description = "A model bundle (a run's model.lbmodel), or a model JSON for code only.")
  Path model;

  @Option(
      names = "--format",
      defaultValue = "pytorch",
      paramLabel = "FORMAT",
      description =
          "pytorch, onnx, lightning, safetensors, or all: every format that covers the model,"
              + " saying which it skipped (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "-o", required = true, paramLabel = "DIR", description = "The folder to write.")
  Path target;

  @Option(names = "--no-verify", description = "Skip checking the files against LayerBench.")
  boolean noVerify;

  @Option(
      names = "--force",
      description = "Write into a folder that holds other files (those are left alone).")
  boolean force;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<Exporter> named = formats();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Export.Result result;
    Map<String, String> skipped = new LinkedHashMap<>();
    try (EngineThread engine = new EngineThread()) {
      List<Exporter> formats =
          format.equalsIgnoreCase("all")
              ? engine.submit(() -> supported(named, skipped)).get()
              : named;
      if (!skipped.isEmpty() && !json) {
        out.println(skippedLine(skipped));
        out.flush();
      }
      result =
          engine
              .submit(
                  () ->
                      Export.run(
                          new Export.Request(model, formats, target, !noVerify, force),
                          step -> {
                            if (!json) {
                              err.println(step + " …");
                              err.flush();
                            }
                          }))
              .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ExportException x) {
        throw new UserException(x.getMessage());
      }
      throw e;
    }
    if (json) {
      Map<String, Object> doc = doc(result);
      doc.put("skipped", skipped);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } else {
      print(out, result);
    }
    if (result.failed()) {
      Verification first =
          result.checks().stream()
              .filter(c -> c.status() == Verification.Status.FAILED)
              .findFirst()
              .orElseThrow();
      throw new UserException(
          "export failed: " + first.file() + ": " + first.detail() + "; nothing was written");
    }
    return 0;
  }

  /**
   * For {@code --format all}: the formats that can export the model; the others go into {@code
   * skipped} with why. Engine thread (it reads the bundle).
   */
  private List<Exporter> supported(List<Exporter> all, Map<String, String> skipped)
      throws ExportException {
    ExportSource source = ExportSource.load(model);
    List<Exporter> out = new ArrayList<>();
    for (Exporter e : all) {
      String why = e.unsupported(source);
      if (why == null) {
        out.add(e);
      } else {
        skipped.put(e.id(), why);
      }
    }
    return out;
  }

  /** "skipped lightning: why" in one line. */
  static String skippedLine(Map<String, String> skipped) {
    StringBuilder s = new StringBuilder("skipped ");
    skipped.forEach(
        (id, why) -> s.append(s.length() > 8 ? "; " : "").append(id).append(": ").append(why));
    return s.toString();
  }

  private List<Exporter> formats() {
    if (format.equalsIgnoreCase("all")) {
      return Exporters.all();
    }
    List<Exporter> list = new ArrayList<>();
    for (String id : format.split(",")) {
      list.add(
          Exporters.find(id.strip())
              .orElseThrow(
                  () ->
                      new UserException(
                          "unknown format '"
                              + id.strip()
                              + "' (known: "
                              + String.join(", ", Exporters.ids())
                              + ", all)")));
    }
    return list;
  }

  private static void print(PrintWriter out, Export.Result r) {
    if (!r.failed()) {
      out.printf(
          Locale.ROOT,
          "wrote %s (%d files%s)%n",
          r.target(),
          r.files().size(),
          r.codeOnly() ? ", code only: the model has no weights" : "");
      for (Export.WrittenFile f : r.files()) {
        out.printf(Locale.ROOT, "  %-22s %s%n", f.name(), size(f.bytes()));
      }
    }
    if (r.inputs() == null) {
      out.println("not verified (--no-verify)");
      return;
    }
    out.println("verified on " + r.inputs() + ":");
    for (Verification v : r.checks()) {
      String diff =
          v.maxAbsDiff() == null
              ? ""
              : String.format(Locale.ROOT, ", max |Δlogit| %.2g", v.maxAbsDiff());
      out.printf(
          Locale.ROOT,
          "  %-8s %s — %s%s%s%n",
          v.status().word(),
          v.file(),
          v.how(),
          diff,
          v.detail() == null ? "" : " (" + v.detail() + ")");
    }
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }

  private static Map<String, Object> doc(Export.Result r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("target", r.target().toString());
    d.put("ok", !r.failed());
    d.put("codeOnly", r.codeOnly());
    d.put(
        "files",
        r.files().stream()
            .map(f -> Map.<String, Object>of("name", f.name(), "bytes", f.bytes()))
            .toList());
    d.put("verificationInputs", r.inputs());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Verification v : r.checks()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("file", v.file());
      c.put("how", v.how());
      c.put("status", v.status().word());
      c.put("maxAbsDiff", v.maxAbsDiff());
      c.put("detail", v.detail());
      checks.add(c);
    }
    d.put("verification", checks);
    return d;
  }
}
