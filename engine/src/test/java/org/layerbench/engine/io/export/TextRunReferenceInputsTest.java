package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.SharedTextData;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingRun;

/**
 * The verification inputs of a real text run's bundle are the run's validation texts, read as
 * run.json records them: its file in its format (here yelp with its first line as a header, which
 * the detector would not propose), split by its fraction and seed.
 */
class TextRunReferenceInputsTest {
  /** yelp_labelled.txt with its first review taken as the header. */
  static final TextFormat YELP_WITH_HEADER =
      new TextFormat('\t', true, false, "0", "1", TextEncoding.UTF8_STRICT);

  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ExportFixtures.startEngine();
  }

  /**
   * Trains one epoch of {@code template} (maxLength {@code steps}) on yelp read with a header,
   * split 0.3 with seed 7, into {@code runDir}; its bundle.
   */
  static Path yelpRun(Path runDir, String template, int steps) throws Exception {
    TrainingRun run =
        TrainingRun.onText(
            TextFiles.split(SharedTextData.file(SharedTextData.YELP), YELP_WITH_HEADER),
            new TextSettings(Tokenizer.BASIC_ENGLISH, 2, null, steps, Padding.DYNAMIC),
            Templates.find(template).orElseThrow().create(2, List.of(steps)),
            new TrainConfig(1, 64, 2e-3, "adam", 0, "constant", 64, 0.3, 7, "cpu", 2, 2),
            runDir);
    try (EngineThread engine = new EngineThread()) {
      return engine.submit(run::call).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aTextRunsInputsAreItsValidationTextsAsRunJsonRecordsThem() throws Exception {
    Path data = SharedTextData.file(SharedTextData.YELP);
    Path bundle = yelpRun(dir.resolve("run"), "text-gru", 12);
    ExportSource src = ExportSource.load(bundle);
    List<float[]> rows = new ArrayList<>();
    List<Long> lengths = new ArrayList<>();
    List<String> texts = new ArrayList<>();

    String line = TextReferenceInputs.prepare(src, 12, 32, rows, lengths, texts);

    TextDataset run = TextDataset.split(data, YELP_WITH_HEADER, 0.3, 0, 7);
    assertThat(texts)
        .containsExactlyElementsOf(
            run.splits().val().subList(0, 32).stream().map(run::text).toList());
    assertThat(rows).hasSize(32);
    assertThat(lengths).hasSize(32);
    assertThat(line)
        .isEqualTo(
            "32 of the run's validation texts ("
                + data.toAbsolutePath()
                + " split 0.3 with seed 7, as run.json records) as token ids with their lengths");
  }
}
