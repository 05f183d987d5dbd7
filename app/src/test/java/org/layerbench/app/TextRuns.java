package org.layerbench.app;

import java.nio.file.Path;
import java.util.List;
import org.layerbench.engine.data.text.Padding;
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
 * A tiny real text run for app tests: text-gru, one epoch on the shared yelp file, read in a format
 * the detector would not propose (its first line taken as a header) and split 0.3 with seed 7, so
 * that whatever reads the run's data by detecting the file again reads other rows.
 */
public final class TextRuns {
  /** yelp_labelled.txt with its first review taken as the header. */
  public static final TextFormat YELP_WITH_HEADER =
      new TextFormat('\t', true, false, "0", "1", TextEncoding.UTF8_STRICT);

  public static final double VAL_SPLIT = 0.3;
  public static final long SEED = 7;

  private TextRuns() {}

  /** Trains the run into {@code dir} (skipped when the shared data is absent); its bundle. */
  public static Path yelp(Path dir) throws Exception {
    TextFiles files = TextFiles.split(SharedText.file(SharedText.YELP), YELP_WITH_HEADER);
    TrainConfig config =
        new TrainConfig(1, 64, 2e-3, "adam", 0, "constant", 64, VAL_SPLIT, SEED, "cpu", 2, 2);
    TrainingRun run =
        TrainingRun.onText(
            files,
            new TextSettings(Tokenizer.BASIC_ENGLISH, 2, null, 16, Padding.DYNAMIC),
            Templates.find("text-gru").orElseThrow().create(2, List.of(16)),
            config,
            dir);
    try (EngineThread engine = new EngineThread()) {
      return engine.submit(run::call).get();
    }
  }

  /** The dataset the run read: its file, format, split and seed. */
  public static org.layerbench.engine.data.text.TextDataset dataset() throws Exception {
    return TextFiles.split(SharedText.file(SharedText.YELP), YELP_WITH_HEADER)
        .read(VAL_SPLIT, SEED);
  }
}
