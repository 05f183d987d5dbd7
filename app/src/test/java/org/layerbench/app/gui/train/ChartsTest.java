package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The axes' tick labels: few characters, the same text every time a value comes back; the ranges of
 * the live charts' value axes.
 */
class ChartsTest {
  @Test
  void compactLabels() {
    assertThat(Charts.compact(0)).isEqualTo("0");
    assertThat(Charts.compact(0.0031)).isEqualTo("0.0031");
    assertThat(Charts.compact(0.5)).isEqualTo("0.5");
    assertThat(Charts.compact(-0.25)).isEqualTo("-0.25");
    assertThat(Charts.compact(1.23456)).isEqualTo("1.2346");
    assertThat(Charts.compact(120)).isEqualTo("120");
    assertThat(Charts.compact(0.001)).isEqualTo("0.001");
    assertThat(Charts.compact(3e-5)).isEqualTo("3.0e-5");
    assertThat(Charts.compact(2.5e6)).isEqualTo("2.5e6");
    assertThat(Charts.compact(1e5)).isEqualTo("1.0e5");
  }

  @Test
  void theConverterGivesTheSameTextAsTheFunction() {
    var converter = Charts.compact();
    for (double d : new double[] {0, 0.0031, 120, 3e-5, 0.0031, 7.75}) {
      assertThat(converter.toString(d)).isEqualTo(Charts.compact(d));
    }
    assertThat(converter.fromString("0.25").doubleValue()).isEqualTo(0.25);
  }

  @Test
  void rangesAreOnTicksAroundTheValues() {
    // the sample's eight-epoch loss curve on a chart with room for four ticks
    assertThat(Charts.niceRange(0.35, 1.15, false, 4)).containsExactly(0.25, 1.25, 0.25);
    // its one-cycle rate, with zero in the range as a rate chart asks
    assertThat(Charts.niceRange(1.2e-4, 3e-3, true, 4)).containsExactly(0, 0.004, 0.001);
    // bounds are the doubles of the decimal values, so labels and grid lines sit where they say
    double[] r = Charts.niceRange(0.31, 0.69, false, 4);
    assertThat(r).containsExactly(0.3, 0.7, 0.1);
    assertThat(Charts.niceRange(0.31, 0.69, false, 4)).isEqualTo(r);
    // large and small magnitudes, negative values
    assertThat(Charts.niceRange(120, 980, false, 5)).containsExactly(0, 1000, 200);
    assertThat(Charts.niceRange(-2.2, -0.3, false, 5)).containsExactly(-2.5, 0, 0.5);
    assertThat(Charts.niceRange(2e-6, 9e-6, false, 3)).containsExactly(0, 1e-5, 2.5e-6);
  }

  @Test
  void flatAndEmptyHeightsStillGiveARange() {
    double[] flat = Charts.niceRange(2, 2, false, 5);
    assertThat(flat[0]).isLessThan(2);
    assertThat(flat[1]).isGreaterThan(2);
    // a constant rate with zero asked for: zero to the tick above it
    assertThat(Charts.niceRange(0.003, 0.003, true, 5)).containsExactly(0, 0.004, 0.001);
    assertThat(Charts.niceRange(0, 0, true, 5)).containsExactly(0, 1, 0.2);
    assertThat(Charts.niceRange(0, 0, false, 5)).containsExactly(-1, 1, 0.5);
    // an axis not laid out yet (height 0) asks for 0 ticks: five are used
    assertThat(Charts.niceRange(0, 10, false, 0)).isEqualTo(Charts.niceRange(0, 10, false, 5));
    // at most ten
    assertThat(Charts.niceRange(0, 10, false, 100)).isEqualTo(Charts.niceRange(0, 10, false, 10));
  }
}
