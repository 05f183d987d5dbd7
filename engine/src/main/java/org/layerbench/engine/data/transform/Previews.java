package org.layerbench.engine.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Augmented variants of one image, for the augmentation preview and {@code layerbench augment}.
 * Variant i of a seed always looks the same, so a preview can be reproduced and a re-roll is a new
 * seed.
 */
public final class Previews {

  private Previews() {}

  /**
   * {@code count} variants of the image through the pipeline (Normalize left out so they can be
   * shown), each from its own seeded generator.
   */
  public static List<Image8> variants(
      Image8 image, Pipeline.Compiled pipeline, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    List<Image8> out = new ArrayList<>(count);
    SplittableRandom root = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      out.add(pipeline.preview(image, root.split()));
    }
    return out;
  }

  /**
   * The images in a grid of {@code columns} columns with a gap between cells, on a light grey
   * background; cells are as large as the largest image, each image centred in its cell.
   */
  public static Image8 grid(List<Image8> images, int columns, int gap) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images for the grid");
    }
    int cw = 0;
    int ch = 0;
    for (Image8 im : images) {
      cw = Math.max(cw, im.width());
      ch = Math.max(ch, im.height());
    }
    int cols = Math.max(1, Math.min(columns, images.size()));
    int rows = (images.size() + cols - 1) / cols;
    int w = cols * cw + (cols + 1) * gap;
    int h = rows * ch + (rows + 1) * gap;
    byte[] out = new byte[w * h * 3];
    java.util.Arrays.fill(out, (byte) 230);
    for (int k = 0; k < images.size(); k++) {
      Image8 im = images.get(k).channels() == 3 ? images.get(k) : Image8.of(images.get(k).toRgb());
      int x0 = gap + (k % cols) * (cw + gap) + (cw - im.width()) / 2;
      int y0 = gap + (k / cols) * (ch + gap) + (ch - im.height()) / 2;
      for (int y = 0; y < im.height(); y++) {
        System.arraycopy(
            im.data(), y * im.width() * 3, out, ((y0 + y) * w + x0) * 3, im.width() * 3);
      }
    }
    return new Image8(w, h, 3, out);
  }
}
