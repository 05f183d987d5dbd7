package org.layerbench.engine.data.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders a text dataset's labels into classes: numerically when every label is a number ("0", "4",
 * "10" → 0, 4, 10, as the integer targets a PyTorch user writes), otherwise by String order (as
 * torchvision sorts ImageFolder's class names).
 */
public final class LabelOrder {

  private LabelOrder() {}

  /** {@code labels} (distinct) as the sorted class list. */
  public static List<String> classes(Collection<String> labels) {
    List<String> sorted = new ArrayList<>(labels);
    if (sorted.stream().allMatch(LabelOrder::isNumber)) {
      sorted.sort(
          Comparator.comparing((String s) -> new BigDecimal(s))
              .thenComparing(Comparator.naturalOrder()));
    } else {
      sorted.sort(Comparator.naturalOrder());
    }
    return sorted;
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
