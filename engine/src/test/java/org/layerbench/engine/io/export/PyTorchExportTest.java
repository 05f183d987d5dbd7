package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;

/**
 * The PyTorch export against real PyTorch (Debian's torch 1.13 / torchvision 0.14, which CI
 * installs): model.py + state_dict.pt load strictly with {@code weights_only=True} and give
 * LayerBench's logits within 1e-4; torchvision templates load into torchvision's own modules.
 */
class PyTorchExportTest {
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    ExportFixtures.startEngine();
  }

  private static boolean torch() {
    return Python.find().python().isPresent();
  }

  private Export.Result export(Path model, String... formats) throws Exception {
    List<Exporter> list =
        java.util.Arrays.stream(formats).map(f -> Exporters.find(f).orElseThrow()).toList();
    return Export.run(new Export.Request(model, list, dir.resolve("out"), true, false), s -> {});
  }

  private static void assertVerified(Export.Result r) {
    for (Verification v : r.checks()) {
      if (v.status() == Verification.Status.SKIPPED) {
        assumeTrue(torch(), v.detail());
        // bundles made here have no dataset: predict.py has no image files to run on
        assertThat(v.file() + ": " + v.detail()).isEqualTo("predict.py: no images to run it on");
        continue;
      }
      assertThat(v.status()).as(v.file() + ": " + v.detail()).isEqualTo(Verification.Status.PASSED);
      if (v.maxAbsDiff() != null) {
        assertThat(v.maxAbsDiff()).as(v.file()).isLessThanOrEqualTo(1e-4);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "simplenet",
        "smallcnn",
        "cnnnet",
        "alexnet",
        "inception",
        "resnet18",
        "resnet34",
        "resnet50"
      })
  void templatesLoadStrictlyInTorchAndGiveLayerBenchsLogits(String name) throws Exception {
    ModelGraph g = Templates.find(name).orElseThrow().create(3, List.of(3, 64, 64));
    Export.Result r = export(ExportFixtures.bundle(dir, g, 3), "pytorch");
    assertThat(r.checks())
        .extracting(Verification::file)
        .contains("state_dict.pt", "model.py + state_dict.pt");
    assertVerified(r);
    assertThat(r.target().resolve("model.py")).exists();
    assertThat(Files.readString(r.target().resolve("model.py"))).contains("def build_model():");
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void everyLayerTypeHasAPyTorchEmitter(LayerType type) throws Exception {
    ModelGraph g = ExportFixtures.around(type);
    assertThat(GraphAnalysis.of(g).problems()).as(type.typeName()).isEmpty();
    assertVerified(export(ExportFixtures.bundle(dir, g, 3), "pytorch"));
  }

  /** torchvision 0.14's own modules take the exported state_dict and give the same logits. */
  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "alexnet"})
  void torchvisionTemplatesLoadIntoTorchvision(String name) throws Exception {
    assumeTrue(torch(), "no Python with torch");
    Python py = Python.find().python().orElseThrow();
    assumeTrue(py.imports("torchvision"), "torchvision is not installed");
    ModelGraph g = Templates.find(name).orElseThrow().create(5, List.of(3, 64, 64));
    Export.Result r = export(ExportFixtures.bundle(dir, g, 5), "pytorch");
    assertVerified(r);
    String script =
        """
        import sys, torch, torchvision
        sys.path.insert(0, sys.argv[1])
        import model
        sd = torch.load(sys.argv[1] + "/state_dict.pt", weights_only=True)
        tv = getattr(torchvision.models, sys.argv[2])(num_classes=5)
        tv.load_state_dict(sd, strict=True)
        ours = model.build_model()
        ours.load_state_dict(sd, strict=True)
        assert list(tv.state_dict().keys()) == list(sd.keys()), "order differs from torchvision's"
        tv.eval(); ours.eval()
        x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
        with torch.no_grad():
            print(float((tv(x) - ours(x)).abs().max()))
        """;
    Path file = dir.resolve("tv.py");
    Files.writeString(file, script);
    Python.Result out =
        py.run(dir, Duration.ofMinutes(5), file.toString(), r.target().toString(), name);
    assertThat(out.exitCode()).as(out.stderr()).isZero();
    assertThat(Double.parseDouble(out.stdout().strip())).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void aModelWithoutWeightsExportsCodeOnly() throws Exception {
    ModelGraph g = Templates.find("resnet18").orElseThrow().create(3, List.of(3, 64, 64));
    Path json = dir.resolve("resnet18.json");
    Files.writeString(json, ModelJson.toJson(g));
    Export.Result r = export(json, "pytorch");
    assertThat(r.codeOnly()).isTrue();
    assertThat(r.files())
        .extracting(Export.WrittenFile::name)
        .containsExactly("model.py", "README.md", "export.json");
    assertThat(r.target().resolve("state_dict.pt")).doesNotExist();
    assertThatThrownBy(() -> export(json, "safetensors"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("without weights")
        .hasMessageContaining("only --format pytorch");
  }

  @Test
  void aFolderWithOtherFilesIsRefusedWithoutForceAndKeptWithIt() throws Exception {
    Path model =
        ExportFixtures.bundle(
            dir, Templates.find("simplenet").orElseThrow().create(2, List.of(3, 8, 8)), 2);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> export(model, "safetensors"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("--force");
    assertThat(out).isDirectoryContaining(p -> p.getFileName().toString().equals("notes.txt"));
    try (var l = Files.list(out)) {
      assertThat(l.count()).isEqualTo(1);
    }
    try (var l = Files.list(dir)) {
      assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".export-"));
    }
    Export.Result r =
        Export.run(
            new Export.Request(
                model, List.of(Exporters.find("safetensors").orElseThrow()), out, false, true),
            s -> {});
    assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    assertThat(out.resolve("model.safetensors")).exists();
    // An earlier export's own files are replaced without --force; notes.txt still blocks.
    Files.delete(out.resolve("notes.txt"));
    assertThat(export(model, "safetensors").failed()).isFalse();
    assertThat(r.inputs()).isNull();
  }

  @Test
  void aBundleOfAFutureVersionIsRefusedWithOneLine() throws Exception {
    Path bad = dir.resolve("future.lbmodel");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bad))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("bundle.json"));
      zip.write("{\"format\": \"layerbench.bundle\", \"version\": 99}".getBytes());
    }
    assertThatThrownBy(() -> export(bad, "pytorch"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("99")
        .hasMessageNotContaining("\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void logitsThatDifferFailWithWhereTheyDiffer() {
    var d = Logits.compare(new float[][] {{1, 2}, {3, 4}}, new float[][] {{1, 2}, {3, 4.01f}});
    Verification v = Verification.compared("model.onnx", "ONNX Runtime", d);
    assertThat(v.status()).isEqualTo(Verification.Status.FAILED);
    assertThat(v.detail()).contains("logit 1 of input 1");
    assertThat(Logits.compare(new float[][] {{Float.NaN}}, new float[][] {{0}}).max()).isInfinite();
  }
}
