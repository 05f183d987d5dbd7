package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.TensorData;

class ImportWeightsCommandTest {
  @TempDir Path dir;

  /** A simplenet state_dict for 3×8×8 input whose every value is 0.25, keys prefixed "net.". */
  private Path stateDict() throws Exception {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("simplenet").orElseThrow().create(2, List.of(3, 8, 8)));
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    a.stateDict()
        .forEach(
            t -> {
              float[] v = new float[(int) t.numel()];
              java.util.Arrays.fill(v, 0.25f);
              tensors.put(
                  "net." + t.name(),
                  TensorData.ofFloats(
                      t.shape().stream().mapToLong(Integer::longValue).toArray(), v));
            });
    Path file = dir.resolve("w.safetensors");
    Safetensors.write(file, tensors, Map.of());
    return file;
  }

  @Test
  void strictImportWithARenameLoadsEveryTensor() throws Exception {
    Path w = stateDict();
    Path out = dir.resolve("m.lbmodel");
    CliRun run =
        CliRun.of(
            "import-weights",
            "--model",
            "simplenet",
            "--classes",
            "2",
            "--input",
            "3,8,8",
            "--weights",
            w.toString(),
            "--rename",
            "net.=",
            "--strict",
            "-o",
            out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("loaded 6 of 6 tensors").contains("every key matched");
    assertThat(ModelBundle.read(out).weights().get("fc1.weight").floats()).containsOnly(0.25f);
  }

  /**
   * Issue 20: a .pt holding a training checkpoint ({'epoch': 1, 'state_dict': ...}, saved by torch
   * 1.13) is unwrapped, and the command says which entry it read (it loaded 0 tensors silently).
   */
  @Test
  void aCheckpointDictIsUnwrappedAndTheCommandSaysSo() throws Exception {
    Path pt = dir.resolve("w.pt");
    org.layerbench.engine.io.TorchSave.write(pt, Safetensors.read(stateDict()).tensors());
    Path ck = dir.resolve("ck.pt");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "-c",
                  "import sys, torch; torch.save({'epoch': 1, 'state_dict':"
                      + " torch.load(sys.argv[1])}, sys.argv[2])",
                  pt.toString(),
                  ck.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      p = null;
    }
    String log = p == null ? "" : new String(p.getInputStream().readAllBytes());
    org.junit.jupiter.api.Assumptions.assumeTrue(
        p != null && p.waitFor() == 0, "the reference PyTorch is not installed: " + log);
    CliRun run =
        CliRun.of(
            "import-weights",
            "--model",
            "simplenet",
            "--classes",
            "2",
            "--input",
            "3,8,8",
            "--weights",
            ck.toString(),
            "--rename",
            "net.=",
            "--strict",
            "-o",
            dir.resolve("m.lbmodel").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            ck
                + ": a checkpoint (entries: epoch, state_dict), not a bare state_dict; the 6"
                + " tensors of its 'state_dict' entry were read")
        .contains("loaded 6 of 6 tensors");
  }

  @Test
  void strictFailsWithTheKeysAndNonStrictReportsThem() throws Exception {
    Path w = stateDict();
    CliRun strict =
        CliRun.of(
            "import-weights",
            "--model",
            "simplenet",
            "--classes",
            "2",
            "--input",
            "3,8,8",
            "--weights",
            w.toString(),
            "--strict",
            "-o",
            dir.resolve("x.lbmodel").toString());
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.err())
        .startsWith("layerbench: strict import failed: missing keys: fc1.weight");

    Path out = dir.resolve("y.lbmodel");
    CliRun loose =
        CliRun.of(
            "import-weights",
            "--model",
            "simplenet",
            "--classes",
            "5",
            "--input",
            "3,8,8",
            "--weights",
            w.toString(),
            "--rename",
            "net.=",
            "-o",
            out.toString());
    assertThat(loose.code()).as(loose.err()).isZero();
    assertThat(loose.out())
        .contains("loaded 4 of 6 tensors")
        .contains("shape mismatches: fc3.weight (file [2, 50], model [5, 50]), fc3.bias");
    assertThat(ModelBundle.read(out).weights().get("fc3.weight").floats()).doesNotContain(0.25f);
  }

  @Test
  void aPtFileThatWouldRunCodeIsRefusedWithOneLine() throws Exception {
    Path marker = dir.resolve("pwned");
    java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
    p.write(new byte[] {(byte) 0x80, 2});
    p.write("cposix\nsystem\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] cmd = ("touch " + marker).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    p.write('X');
    p.write(new byte[] {(byte) cmd.length, 0, 0, 0});
    p.write(cmd);
    p.write(0x85);
    p.write('R');
    p.write('.');
    Path pt = dir.resolve("evil.pt");
    try (var zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(pt))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
      zip.write(p.toByteArray());
      zip.closeEntry();
    }
    CliRun run =
        CliRun.of(
            "import-weights",
            "--model",
            "simplenet",
            "--weights",
            pt.toString(),
            "-o",
            dir.resolve("e.lbmodel").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("refusing to load: the file's pickle asks for posix.system");
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(marker).doesNotExist();
  }
}
