package org.layerbench.engine.train;

import java.util.Locale;

/**
 * Learning-rate schedules over the whole run, evaluated per step: constant; step (×0.1 at 50 % and
 * 75 % of the run, like MultiStepLR); cosine (CosineAnnealingLR to 0); one-cycle (OneCycleLR: 30 %
 * cosine warm-up from lr/25 to lr, then cosine annealing to lr/25e4).
 */
public final class Schedule {
  private Schedule() {}

  static void check(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "constant", "step", "cosine", "onecycle" -> {}
      default ->
          throw new IllegalArgumentException(
              "unknown schedule '" + name + "' (known: constant, step, cosine, onecycle)");
    }
  }

  /** The learning rate at a 0-based step of totalSteps. */
  public static double lr(String name, double base, long step, long totalSteps) {
    double t = totalSteps <= 1 ? 0 : (double) step / (totalSteps - 1);
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "step" -> base * (t >= 0.75 ? 0.01 : t >= 0.5 ? 0.1 : 1);
      case "cosine" -> base * 0.5 * (1 + Math.cos(Math.PI * t));
      case "onecycle" -> {
        double start = base / 25;
        double end = start / 1e4;
        if (t < 0.3) {
          yield cosine(start, base, t / 0.3);
        }
        yield cosine(base, end, (t - 0.3) / 0.7);
      }
      default -> base;
    };
  }

  private static double cosine(double from, double to, double t) {
    return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * t));
  }
}
