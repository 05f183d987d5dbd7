package org.layerbench.engine.data.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded split of rows into train/val/test that keeps each class's share: each class's rows are
 * shuffled with one {@link Random} seeded once, in class order, then round(n·val) go to val,
 * round(n·test) to test and the rest (at least one) to train. The same rows and seed give the same
 * split; each split keeps file order.
 */
public final class StratifiedSplit {

  /**
   * The rows of each split.
   *
   * @param train rows for training, ascending
   * @param val rows for validation, ascending
   * @param test rows for testing, ascending
   */
  public record Rows(List<Integer> train, List<Integer> val, List<Integer> test) {}

  private StratifiedSplit() {}

  /**
   * Splits {@code rowsByClass} (each class's rows).
   *
   * @throws IllegalArgumentException when the fractions are not in [0, 1) or sum to 1 or more
   */
  public static Rows split(
      List<List<Integer>> rowsByClass, double valFraction, double testFraction, long seed) {
    if (!(valFraction >= 0 && valFraction < 1 && testFraction >= 0 && testFraction < 1)
        || valFraction + testFraction >= 1) {
      throw new IllegalArgumentException(
          "the validation and test fractions must be in [0, 1) and leave some rows for training,"
              + " not "
              + valFraction
              + " and "
              + testFraction);
    }
    Random random = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> rows : rowsByClass) {
      List<Integer> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, random);
      int n = shuffled.size();
      int nVal = (int) Math.round(n * valFraction);
      int nTest = (int) Math.round(n * testFraction);
      while (n > 0 && nVal + nTest >= n) {
        if (nTest > 0 && nTest >= nVal) {
          nTest--;
        } else {
          nVal--;
        }
      }
      val.addAll(shuffled.subList(0, nVal));
      test.addAll(shuffled.subList(nVal, nVal + nTest));
      train.addAll(shuffled.subList(nVal + nTest, n));
    }
    Collections.sort(train);
    Collections.sort(val);
    Collections.sort(test);
    return new Rows(train, val, test);
  }
}
