package org.layerbench.engine.io.export;

/**
 * One check of an exported file against LayerBench.
 *
 * @param file the file checked ({@code state_dict.pt}, {@code model.onnx}, {@code predict.py})
 * @param how what it was run with and on what ({@code ONNX Runtime 1.23.2 on 32 validation images})
 * @param status passed, failed or skipped
 * @param maxAbsDiff the largest |Δlogit| against LayerBench, or null where no logits were compared
 * @param detail the reason for a skip or a failure, else null
 */
public record Verification(
    String file, String how, Status status, Double maxAbsDiff, String detail) {

  /** The largest |Δlogit| an export may have against LayerBench (DESIGN §9). */
  public static final double TOLERANCE = 1e-4;

  public enum Status {
    PASSED,
    FAILED,
    SKIPPED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Verification passed(String file, String how, Double maxAbsDiff) {
    return new Verification(file, how, Status.PASSED, maxAbsDiff, null);
  }

  public static Verification failed(String file, String how, Double maxAbsDiff, String why) {
    return new Verification(file, how, Status.FAILED, maxAbsDiff, why);
  }

  public static Verification skipped(String file, String how, String why) {
    return new Verification(file, how, Status.SKIPPED, null, why);
  }

  /** Passed or failed by comparing logits with the tolerance. */
  public static Verification compared(String file, String how, Logits.Diff diff) {
    if (diff.max() <= TOLERANCE) {
      return passed(file, how, diff.max());
    }
    return failed(
        file,
        how,
        diff.max(),
        String.format(
            java.util.Locale.ROOT,
            "logit %d of input %d differs by %.3g (over %.0e)",
            diff.column(),
            diff.row(),
            diff.max(),
            TOLERANCE));
  }
}
