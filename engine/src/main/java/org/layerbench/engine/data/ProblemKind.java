package org.layerbench.engine.data;

/**
 * Why a file of a dataset is reported. Most kinds mean the file cannot be used and training leaves
 * it out; {@link #TOO_SMALL} and {@link #DUPLICATE} are warnings about files that still train.
 */
public enum ProblemKind {
  /** The file cannot be read: missing (a dangling link), permission denied, an I/O error. */
  UNREADABLE("unreadable", true),
  /** An empty file. */
  ZERO_BYTES("zero bytes", true),
  /** Not an image at all, whatever its name says (text renamed .jpg). */
  NOT_AN_IMAGE("not an image", true),
  /** An image whose data ends early or is damaged. */
  TRUNCATED("truncated", true),
  /** An image in a format or variant the decoder cannot read (WebP, arithmetic-coded JPEG). */
  UNSUPPORTED("unsupported", true),
  /** Declares more pixels than the limit (a decompression bomb); refused from its header. */
  TOO_LARGE("too large", true),
  /** Smaller than the scan's minimum side; still used for training. */
  TOO_SMALL("too small", false),
  /** The same bytes as an earlier file of the dataset; still used for training. */
  DUPLICATE("duplicate", false);

  private final String label;
  private final boolean excluded;

  ProblemKind(String label, boolean excluded) {
    this.label = label;
    this.excluded = excluded;
  }

  /** A short lower-case name for reports and JSON ("zero bytes", "too large"). */
  public String label() {
    return label;
  }

  /** True when training cannot use such a file (the decoder refuses it). */
  public boolean excludedFromTraining() {
    return excluded;
  }
}
