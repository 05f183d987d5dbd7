package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Shape;

class TemplateCommandTest {

  @Test
  void writesJsonToStandardOutput() throws Exception {
    CliRun run = CliRun.of("template", "resnet18", "--classes", "10", "--input", "3,128,128");
    assertThat(run.code()).isZero();
    GraphAnalysis a = GraphAnalysis.of(ModelJson.parse(run.out()));
    assertThat(a.output()).contains(Shape.of(10));
    assertThat(a.moduleOutputs().get("layer4")).isEqualTo(Shape.of(512, 4, 4));
  }

  @Test
  void writesAFileAtomically(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sub/model.json");
    CliRun run = CliRun.of("template", "inception", "-o", out.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("wrote inception to " + out);
    assertThat(ModelJson.read(out).name()).isEqualTo("inception");
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void unknownTemplateIsAUserError() {
    CliRun run = CliRun.of("template", "resnet19");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("layerbench: unknown template 'resnet19' (known: simplenet, cnnnet");
  }

  @Test
  void versionAndHelp() {
    assertThat(CliRun.of("--version").out()).startsWith("layerbench ");
    CliRun help = CliRun.of("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("template").contains("inspect");
  }

  @Test
  void headReplacementLikeTheSeedsResnetFc() throws Exception {
    CliRun run = CliRun.of("template", "resnet18", "--classes", "2", "--head", "500");
    assertThat(run.code()).as(run.err()).isZero();
    GraphAnalysis a = GraphAnalysis.of(ModelJson.parse(run.out()));
    assertThat(a.stateDict().getLast().name()).isEqualTo("fc.3.bias");
    assertThat(a.output()).contains(Shape.of(2));
  }

  @Test
  void aTextTemplateBindsTheVocabularyGiven() throws Exception {
    CliRun run = CliRun.of("template", "text-lstm", "--classes", "2", "--vocab", "20000");
    assertThat(run.code()).as(run.err()).isZero();
    GraphAnalysis a = GraphAnalysis.of(ModelJson.parse(run.out()));
    assertThat(a.problems()).isEmpty();
    assertThat(a.stateDict().getFirst().shape()).containsExactly(20000, 300);
    assertThat(a.output()).contains(Shape.of(2));
  }

  @Test
  void aTextTemplateWithoutVocabularySaysWhatItWaitsFor(@TempDir Path dir) {
    CliRun run = CliRun.of("template", "text-gru", "-o", dir.resolve("m.json").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("1 problem(s)");
    CliRun inspect = CliRun.of("inspect", dir.resolve("m.json").toString());
    assertThat(inspect.out() + inspect.err())
        .contains("num_embeddings is the vocabulary's size, known once a text dataset is chosen");
  }

  @Test
  void vocabularyOnAnImageTemplateIsAUserError() {
    CliRun run = CliRun.of("template", "resnet18", "--vocab", "100");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith(
            "layerbench: --vocab sets a text template's vocabulary size, and resnet18 has no"
                + " Embedding that takes it");
  }
}
