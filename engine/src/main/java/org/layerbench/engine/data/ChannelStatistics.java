package org.layerbench.engine.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.RgbImage;

/**
 * Computes {@link ChannelStats} one image at a time: only integer sums of v and v² per channel are
 * kept, never the images, so memory does not grow with the dataset; and because the sums are exact
 * the result does not depend on the order of the images, and carries no rounding from summing
 * millions of floats.
 */
public final class ChannelStatistics {

  private final BigInteger[] sum = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
  private final BigInteger[] sumSquares = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
  private long images;
  private long pixels;

  /** Adds every pixel of one image. */
  public void add(RgbImage image) {
    long[] sums = sums(image);
    add(sums, (long) image.width() * image.height());
  }

  /**
   * Per-channel sums of one image, {@code {Σr, Σg, Σb, Σr², Σg², Σb²}} of the 8-bit values; at most
   * 89 million pixels × 255² fit a long with room to spare.
   */
  static long[] sums(RgbImage image) {
    byte[] rgb = image.rgb();
    long r = 0;
    long g = 0;
    long b = 0;
    long rr = 0;
    long gg = 0;
    long bb = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      int x = rgb[i] & 0xFF;
      int y = rgb[i + 1] & 0xFF;
      int z = rgb[i + 2] & 0xFF;
      r += x;
      g += y;
      b += z;
      rr += x * x;
      gg += y * y;
      bb += z * z;
    }
    return new long[] {r, g, b, rr, gg, bb};
  }

  void add(long[] sums, long imagePixels) {
    for (int c = 0; c < 3; c++) {
      sum[c] = sum[c].add(BigInteger.valueOf(sums[c]));
      sumSquares[c] = sumSquares[c].add(BigInteger.valueOf(sums[3 + c]));
    }
    images++;
    pixels += imagePixels;
  }

  /** How many images were added. */
  public long images() {
    return images;
  }

  /**
   * The statistics of everything added so far, by {@link ChannelStats#DEFINITION}: with S = Σv and
   * Q = Σv² over N pixels, mean = S/(255·N) and std = √(N·Q − S²)/(255·N), where N·Q − S² is
   * computed exactly.
   *
   * @throws IllegalStateException when nothing was added
   */
  public ChannelStats result() {
    if (pixels == 0) {
      throw new IllegalStateException("no pixels: add at least one image");
    }
    BigInteger n = BigInteger.valueOf(pixels);
    double[] mean = new double[3];
    double[] std = new double[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = sum[c].doubleValue() / pixels / 255.0;
      BigInteger scaledVariance = n.multiply(sumSquares[c]).subtract(sum[c].multiply(sum[c]));
      std[c] = Math.sqrt(scaledVariance.doubleValue()) / pixels / 255.0;
    }
    return new ChannelStats(mean, std, images, pixels);
  }

  /**
   * The statistics of these image files (a dataset's training split), decoded one by one on the
   * calling thread. Files that cannot be decoded are left out, as training leaves them out; {@link
   * ChannelStats#images()} says how many were used. The monitor hears "statistics" after each file.
   *
   * @throws CancellationException when the monitor cancels; nothing is returned then
   * @throws IOException when none of the files can be decoded
   */
  public static ChannelStats compute(List<Path> files, ProgressMonitor monitor) throws IOException {
    ChannelStatistics stats = new ChannelStatistics();
    int done = 0;
    for (Path file : files) {
      if (monitor.isCancelled()) {
        throw new CancellationException("statistics cancelled after " + done + " files");
      }
      try {
        stats.add(ImageDecoder.decode(file));
      } catch (ImageDecodeException e) {
        // left out, as the training loader leaves it out
      }
      monitor.progress("statistics", ++done, files.size());
    }
    if (stats.images == 0) {
      throw new IOException("none of the " + files.size() + " files could be decoded");
    }
    return stats.result();
  }
}
