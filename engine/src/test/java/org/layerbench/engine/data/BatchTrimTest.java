package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Dynamic" padding: a batch of padded sequences cut to its longest real one. */
class BatchTrimTest {

  private static final List<Sample> SAMPLES =
      List.of(new Sample(Path.of("t.csv"), 0, 0), new Sample(Path.of("t.csv"), 1, 1));

  @Test
  void cutsInt64RowsToTheLongestLength() {
    Batch b =
        new Batch(
            2,
            new SampleLayout(List.of(5), DType.INT64, true),
            null,
            new long[] {7, 8, 1, 1, 1, 9, 1, 1, 1, 1},
            new int[] {2, 1},
            new int[] {0, 1},
            SAMPLES);
    Batch t = b.trimmedToLongest();
    assertThat(t.layout()).isEqualTo(new SampleLayout(List.of(2), DType.INT64, true));
    assertThat(t.longs()).containsExactly(7, 8, 9, 1);
    assertThat(t.lengths()).containsExactly(2, 1);
    assertThat(t.labels()).containsExactly(0, 1);
    assertThat(t.samples()).isEqualTo(SAMPLES);
    assertThat(t.shape()).containsExactly(2, 2);
  }

  @Test
  void cutsTheFirstDimensionOfFloatSequencesToo() {
    Batch b =
        new Batch(
            2,
            new SampleLayout(List.of(3, 2), DType.FLOAT32, true),
            new float[] {1, 2, 3, 4, 0, 0, 5, 6, 0, 0, 0, 0},
            null,
            new int[] {2, 1},
            new int[] {0, 1},
            SAMPLES);
    Batch t = b.trimmedToLongest();
    assertThat(t.shape()).containsExactly(2, 2, 2);
    assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, 6, 0, 0);
  }

  @Test
  void aBatchAsLongAsItsLayoutStaysAsItIs() {
    Batch b =
        new Batch(
            2,
            new SampleLayout(List.of(2), DType.INT64, true),
            null,
            new long[] {7, 8, 9, 1},
            new int[] {2, 1},
            new int[] {0, 1},
            SAMPLES);
    assertThat(b.trimmedToLongest()).isSameAs(b);
  }

  @Test
  void aBatchWithoutLengthsCannotBeTrimmed() {
    Batch b = new Batch(2, new float[] {1, 2}, new int[] {0, 1}, SAMPLES);
    assertThatThrownBy(b::trimmedToLongest)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("only a batch of sequences with lengths can be trimmed");
  }
}
