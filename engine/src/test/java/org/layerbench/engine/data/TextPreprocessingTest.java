package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;

class TextPreprocessingTest {

  private static final TextPreprocessing P =
      new TextPreprocessing(
          Tokenizer.BASIC_ENGLISH,
          Vocabulary.of(List.of("<unk>", "<pad>", "great", "movie", "!")),
          5,
          Padding.DYNAMIC);

  @Test
  void isTheTextModalityWithInt64TokensAndLengths() {
    assertThat(P.modality()).isEqualTo("text");
    assertThat(P.layout()).isEqualTo(new SampleLayout(List.of(5), DType.INT64, true));
    assertThat(P.reader(s -> "x").layout()).isEqualTo(P.layout());
  }

  @Test
  void encodesATypedTextAsTheReaderDoes() throws Exception {
    TextPreprocessing.Encoded e = P.encode("Great movie!!! Really great.");
    assertThat(e.ids()).containsExactly(2, 3, 4, 4, 4);
    assertThat(e.length()).isEqualTo(5);
    TextPreprocessing.Encoded shortText = P.encode("a GREAT movie");
    assertThat(shortText.ids()).containsExactly(0, 2, 3, 1, 1);
    assertThat(shortText.length()).isEqualTo(3);
    assertThat(P.encode("").ids()).containsExactly(0, 1, 1, 1, 1);
    assertThat(P.encode("").length()).isEqualTo(1);

    BatchData out = BatchData.of(P.layout(), 1);
    Sample s = new Sample(Path.of("t.csv"), 0, 0);
    P.reader(x -> "a GREAT movie").read(0, s, new SplittableRandom(0), out, 0);
    assertThat(out.longs()).containsExactly(shortText.ids());
  }

  @Test
  void theReaderWithoutTextsSaysATextModelNeedsThem() {
    SampleReader reader = P.reader();
    assertThat(reader.layout()).isEqualTo(P.layout());
    BatchData out = BatchData.of(P.layout(), 1);
    Sample image = new Sample(Path.of("/data/cat/1.png"), 0);
    assertThatThrownBy(() -> reader.read(0, image, new SplittableRandom(0), out, 0))
        .isInstanceOf(ReaderSetupException.class)
        .hasMessage(
            "this is a text model: it reads the texts of a text dataset or typed text, not 1.png");
  }

  @Test
  void refusesAMaximumLengthBelowOne() {
    assertThatThrownBy(
            () -> new TextPreprocessing(Tokenizer.WHITESPACE, P.vocabulary(), 0, Padding.FIXED))
        .hasMessage("the maximum length must be at least 1, got 0");
  }

  @Test
  void paddingNamesAreTheCliAndJsonOnes() {
    assertThat(Padding.fromId("fixed")).isEqualTo(Padding.FIXED);
    assertThat(Padding.fromId("dynamic")).isEqualTo(Padding.DYNAMIC);
    assertThatThrownBy(() -> Padding.fromId("longest"))
        .hasMessage("unknown padding \"longest\" (fixed or dynamic)");
  }
}
