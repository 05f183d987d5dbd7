package org.layerbench.app.gui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.data.ClassBalance.Count;

/** When the classes are imbalanced enough to warn, and what the warning says. */
class ClassBalanceTest {

  @Test
  void warnsAboveOneAndAHalfTimes() {
    assertThat(ClassBalance.warning(List.of(new Count("a", 150), new Count("b", 100)))).isNull();
    String w = ClassBalance.warning(List.of(new Count("a", 151), new Count("b", 100)));
    assertThat(w).startsWith("'a' has 1.5× as many training images as 'b'");
    assertThat(w).contains("per-class recall");
    assertThat(ClassBalance.ratio(List.of(new Count("a", 30), new Count("b", 10)))).isEqualTo(3);
  }

  @Test
  void anEmptyClassCannotBeLearned() {
    assertThat(ClassBalance.warning(List.of(new Count("a", 10), new Count("b", 0))))
        .contains("'b' has no training images");
    assertThat(ClassBalance.warning(List.of(new Count("only", 3)))).isNull();
  }
}
