package org.layerbench.engine.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.Templates;

/** A project whose dataset is a CSV/TSV file: its format, files and text settings in the file. */
class ProjectTextDataTest {

  private static Project project(ProjectTextData text) {
    var model = Templates.find("smallcnn").orElseThrow().create(2, List.of(3, 32, 32));
    return new Project(
        "t", null, "data/reviews.tsv", model, TrainingSettings.DEFAULTS, List.of(), null, text);
  }

  @Test
  void aCsvDatasetsFormatFilesAndSettingsRoundTrip(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/reviews.tsv"), "good\t1\nbad\t0\n");
    ProjectTextData text =
        new ProjectTextData(
            new TextFormat('\t', false, false, "0", "1", TextEncoding.UTF8_REPLACE),
            "data/val.tsv",
            "data/test.tsv",
            new TextSettings(Tokenizer.WHITESPACE, 2, 5000, 40, Padding.FIXED));
    Path file = dir.resolve("t.lbproj");
    ProjectFile.write(project(text), file);

    Project read = ProjectFile.read(file);
    assertThat(read.text()).isEqualTo(text);
    assertThat(read.dataset()).isEqualTo("data/reviews.tsv");
    assertThat(read.textDataset()).isTrue();
    assertThat(read.datasetDir()).isEqualTo(dir.resolve("data/reviews.tsv").normalize());
    assertThat(read.resolve(read.text().valData())).isEqualTo(dir.resolve("data/val.tsv"));
    String json = Files.readString(file);
    assertThat(json)
        .contains("\"delimiter\" : \"tab\"", "\"encoding\" : \"utf-8-replace\"")
        .contains("\"tokenizer\" : \"whitespace\"", "\"padding\" : \"fixed\"");
  }

  @Test
  void detectedFormatAndDefaultsRoundTripAndNoTextKeyMeansNone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.lbproj");
    ProjectFile.write(project(ProjectTextData.defaults()), file);
    assertThat(ProjectFile.read(file).text()).isEqualTo(ProjectTextData.defaults());
    assertThat(Files.readString(file)).doesNotContain("\"format\" : {", "valData");

    ProjectFile.write(project(null), file);
    assertThat(Files.readString(file)).doesNotContain("\"text\"");
    assertThat(ProjectFile.read(file).text()).isNull();
  }

  @Test
  void onlyTheGivenKeysAreNeeded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.lbproj");
    ProjectFile.write(project(null), file);
    String json = Files.readString(file);
    Files.writeString(
        file,
        json.replaceFirst(
            "\\{",
            "{\"text\": {\"format\": {\"textColumn\": 5, \"labelColumn\": \"0\"},"
                + " \"settings\": {\"minFreq\": 3}},"));
    ProjectTextData t = ProjectFile.read(file).text();
    assertThat(t.format())
        .isEqualTo(new TextFormat(',', false, true, "5", "0", TextEncoding.UTF8_STRICT));
    assertThat(t.settings())
        .isEqualTo(
            new TextSettings(
                TextSettings.DEFAULT_TOKENIZER, 3, null, 64, TextSettings.DEFAULT_PADDING));
  }

  @Test
  void badValuesAreRefusedWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.lbproj");
    ProjectFile.write(project(ProjectTextData.defaults()), file);
    String json = Files.readString(file);
    for (String[] bad :
        new String[][] {
          {"\"minFreq\" : 1", "\"minFreq\" : 0", "text: settings: the minimum frequency"},
          {"\"tokenizer\" : \"basic_english\"", "\"tokenizer\" : \"bpe\"", "text: settings:"},
          {"\"maxLength\" : 64", "\"maxLength\" : \"long\"", "text: settings: maxLength must"},
          {
            "\"settings\" : {",
            "\"format\" : {\"delimiter\": \"x\"}, \"settings\" : {",
            "text: format: unknown delimiter"
          },
          {
            "\"settings\" : {",
            "\"testData\" : \"t.csv\", \"settings\" : {",
            "text: testData: a test file needs a validation file"
          },
        }) {
      String changed = json.replace(bad[0], bad[1]);
      assertThat(changed).isNotEqualTo(json);
      Files.writeString(file, changed);
      assertThatThrownBy(() -> ProjectFile.read(file))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageStartingWith(file + ": " + bad[2])
          .hasMessageNotContaining("\n");
    }
  }
}
