package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DType;
import org.layerbench.engine.data.FileProblem;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;

/** Texts to padded int64 ids with lengths, alone and through the batch loader's worker threads. */
class TokenReaderTest {

  private static final Path FILE = Path.of("texts.csv");

  /** A text source holding the rows of one file: what TextDataset gives the reader. */
  private record Rows(List<String> texts) implements TextSource {
    @Override
    public String text(Sample sample) {
      if (!sample.file().equals(FILE) || sample.row() < 0 || sample.row() >= texts.size()) {
        throw new IllegalArgumentException("row " + (sample.row() + 1) + " is not in this dataset");
      }
      return texts.get(sample.row());
    }
  }

  private static final Vocabulary VOCAB =
      Vocabulary.of(List.of("<unk>", "<pad>", "the", "film", "was", "good", "bad", "!", "."));

  private static long[] read(TokenReader reader, String text, int[] length) throws Exception {
    BatchData out = BatchData.of(reader.layout(), 2);
    java.util.Arrays.fill(out.longs(), 99); // a reused array: every element must be written
    Sample s = new Sample(FILE, 0, 0);
    new TokenReader(x -> text, Tokenizer.BASIC_ENGLISH, VOCAB, reader.layout().dims().get(0))
        .read(0, s, new SplittableRandom(1), out, 1);
    Batch b = out.batch(new int[] {0, 0}, List.of(s, s));
    length[0] = b.lengths()[1];
    return java.util.Arrays.copyOfRange(b.longs(), out.offset(1), out.offset(2));
  }

  @Test
  void encodesPadsAndStatesTheLength() throws Exception {
    TokenReader reader = new TokenReader(new Rows(List.of()), Tokenizer.BASIC_ENGLISH, VOCAB, 6);
    assertThat(reader.layout()).isEqualTo(new SampleLayout(List.of(6), DType.INT64, true));
    int[] length = new int[1];
    assertThat(read(reader, "The film was GOOD!", length)).containsExactly(2, 3, 4, 5, 7, 1);
    assertThat(length[0]).isEqualTo(5);
    assertThat(read(reader, "The plot was bad.", length)).containsExactly(2, 0, 4, 6, 8, 1);
    assertThat(length[0]).isEqualTo(5);
  }

  @Test
  void keepsTheFirstMaxLengthTokens() throws Exception {
    TokenReader reader = new TokenReader(new Rows(List.of()), Tokenizer.BASIC_ENGLISH, VOCAB, 3);
    int[] length = new int[1];
    assertThat(read(reader, "the film was good", length)).containsExactly(2, 3, 4);
    assertThat(length[0]).isEqualTo(3);
  }

  @Test
  void aTextWithoutTokensIsOneUnk() throws Exception {
    TokenReader reader = new TokenReader(new Rows(List.of()), Tokenizer.WHITESPACE, VOCAB, 4);
    int[] length = new int[1];
    for (String empty : new String[] {"", " \t\u00a0\u3000 "}) {
      assertThat(read(reader, empty, length)).containsExactly(0, 1, 1, 1);
      assertThat(length[0]).isEqualTo(1);
    }
  }

  @Test
  void theLoaderGivesTheSameBatchesWhateverTheWorkersAndSkipsRowsTheSourceLacks() {
    List<String> texts = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    for (int r = 0; r < 23; r++) {
      texts.add("the film ".repeat(r % 5) + (r % 2 == 0 ? "was good!" : "was bad."));
      samples.add(new Sample(FILE, r % 2, r));
    }
    samples.add(new Sample(FILE, 0, 40));
    List<List<Batch>> runs = new ArrayList<>();
    for (int workers : new int[] {0, 1, 3}) {
      TokenReader reader = new TokenReader(new Rows(texts), Tokenizer.BASIC_ENGLISH, VOCAB, 8);
      try (BatchLoader loader = new BatchLoader(samples, reader, 5, true, 11, workers, 2)) {
        List<Batch> batches = new ArrayList<>();
        loader.epoch(1).forEachRemaining(batches::add);
        runs.add(batches);
        assertThat(loader.skipped())
            .containsExactly(new FileProblem(FILE, "row 41 is not in this dataset"));
      }
    }
    List<Batch> first = runs.get(0);
    assertThat(first.stream().mapToInt(Batch::size).sum()).isEqualTo(23);
    for (Batch b : first) {
      for (int k = 0; k < b.size(); k++) {
        int r = b.samples().get(k).row();
        int words = Tokenizer.BASIC_ENGLISH.tokenize(texts.get(r)).size();
        assertThat(b.lengths()[k]).isEqualTo(Math.min(8, words));
        assertThat(b.longs()[k * 8]).isEqualTo(r % 5 == 0 ? 4 : 2);
      }
    }
    for (List<Batch> other : runs.subList(1, runs.size())) {
      assertThat(other).hasSameSizeAs(first);
      for (int i = 0; i < first.size(); i++) {
        assertThat(other.get(i).longs()).containsExactly(first.get(i).longs());
        assertThat(other.get(i).lengths()).containsExactly(first.get(i).lengths());
        assertThat(other.get(i).samples()).isEqualTo(first.get(i).samples());
      }
    }
  }

  @Test
  void refusesAMaximumLengthBelowOne() {
    assertThatThrownBy(() -> new TokenReader(new Rows(List.of()), Tokenizer.WHITESPACE, VOCAB, 0))
        .hasMessage("the maximum length must be at least 1, got 0");
  }
}
