package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.train.RunManifest;

/**
 * The verification inputs of a text model: token ids of ragged length, padded with {@code <pad>}.
 * The run's validation texts when its CSV/TSV file can be read (its files, format, validation
 * fraction and seed as run.json records them, so these are the rows the run validated on), else two
 * sample texts followed by seeded random ids with random lengths 1..T. Either way the first rows
 * are real texts, which {@code predict.py} is checked on.
 */
final class TextReferenceInputs {
  private TextReferenceInputs() {}

  /** Texts that stand in for a dataset that is not there: punctuation, case, contractions. */
  static final List<String> SAMPLES =
      List.of(
          "I can't believe it's not butter... isn't it?!",
          "Worst phone EVER: it broke after 2 days (really!)");

  /**
   * Fills {@code rows} (each {@code steps} ids as floats), {@code lengths} and {@code texts}, and
   * says what they are.
   */
  static String prepare(
      ExportSource src,
      int steps,
      int max,
      List<float[]> rows,
      List<Long> lengths,
      List<String> texts) {
    TextPreprocessing text = src.text();
    String why = "the bundle is not in a run folder";
    if (src.runDir() != null) {
      try {
        RunManifest run = RunManifest.read(src.runDir().resolve("run.json"));
        TextFiles files = run.textFiles();
        if (files == null) {
          why = "run.json records no text dataset";
        } else if (!Files.isRegularFile(files.train())) {
          why = "the run's texts are not at " + files.train();
        } else {
          TextDataset d = files.read(run.valSplit(), run.seed());
          DatasetSplits splits = d.splits();
          boolean val = !splits.val().isEmpty();
          List<Sample> pick = val ? splits.val() : splits.train();
          for (Sample s : pick.subList(0, Math.min(max, pick.size()))) {
            add(text, d.text(s), steps, rows, lengths, texts);
          }
          if (!rows.isEmpty()) {
            return rows.size()
                + " of the run's "
                + (val ? "validation" : "training")
                + " texts ("
                + from(files, run)
                + ") as token ids with their lengths";
          }
          why = "the run's file holds no text";
        }
      } catch (IOException | TextFileException | RuntimeException e) {
        rows.clear();
        lengths.clear();
        texts.clear();
        why = "the run's texts could not be read: " + e.getMessage();
      }
    }
    for (String s : SAMPLES) {
      add(text, s, steps, rows, lengths, texts);
    }
    random(src, steps, rows, lengths);
    return SAMPLES.size()
        + " sample texts and "
        + ReferenceInputs.RANDOM
        + " seeded random token-id rows with random lengths 1.."
        + steps
        + " ("
        + why
        + ")";
  }

  /** Where the run's texts come from, as run.json records them. */
  private static String from(TextFiles files, RunManifest run) {
    if (!files.splitsOneFile()) {
      return "its validation file " + files.val();
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s split %s with seed %d, as run.json records",
        files.train(),
        run.valSplit(),
        run.seed());
  }

  private static void add(
      TextPreprocessing text,
      String s,
      int steps,
      List<float[]> rows,
      List<Long> lengths,
      List<String> texts) {
    TextPreprocessing.Encoded e = text.encode(s);
    float[] row = new float[steps];
    java.util.Arrays.fill(row, Vocabulary.PAD_ID);
    for (int i = 0; i < Math.min(steps, e.ids().length); i++) {
      row[i] = e.ids()[i];
    }
    rows.add(row);
    lengths.add((long) Math.min(steps, e.length()));
    texts.add(s);
  }

  /** Ids drawn from the vocabulary past the specials, each row padded after its random length. */
  private static void random(ExportSource src, int steps, List<float[]> rows, List<Long> lengths) {
    int vocabulary = src.text().vocabulary().size();
    for (NodeReport r : src.analysis().nodes()) {
      if (r.node().type() == LayerType.EMBEDDING) {
        vocabulary =
            Math.min(vocabulary, r.node().type().args(r.node().params()).integer("num_embeddings"));
      }
    }
    int low = vocabulary > 2 ? 2 : 0;
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < ReferenceInputs.RANDOM; i++) {
      int length = 1 + random.nextInt(steps);
      float[] row = new float[steps];
      for (int j = 0; j < steps; j++) {
        row[j] = j < length ? low + random.nextInt(vocabulary - low) : Vocabulary.PAD_ID;
      }
      rows.add(row);
      lengths.add((long) length);
    }
  }
}
