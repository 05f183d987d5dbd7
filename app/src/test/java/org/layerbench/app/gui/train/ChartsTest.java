package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The axes' tick labels: few characters, the same text every time a value comes back. */
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
}
