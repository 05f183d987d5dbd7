package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.RgbImage;

/**
 * Thumbnails decoded off the FX thread with the engine's decoder (so a gallery shows the pixels the
 * model saw: grey, palette, CMYK and 16-bit files as RGB), area-averaged down to a size, and kept
 * in a small cache. Results are applied on the FX thread.
 */
public final class Thumbnails {
  private static final ExecutorService DECODER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "layerbench-thumbnails");
            t.setDaemon(true);
            return t;
          });
  private static final int CACHE = 600;

  private final Executor fx;
  private final Map<String, Image> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
          return size() > CACHE;
        }
      };

  /**
   * @param fx applies decoded thumbnails (the FX thread)
   */
  public Thumbnails(Executor fx) {
    this.fx = fx;
  }

  /**
   * Decodes {@code file} to at most {@code max}×{@code max} pixels off the FX thread; {@code then}
   * gets the image on the FX thread, or null when the file cannot be decoded.
   */
  public void load(Path file, int max, Consumer<Image> then) {
    String key = max + ":" + file;
    Image hit;
    synchronized (cache) {
      hit = cache.get(key);
    }
    if (hit != null) {
      then.accept(hit);
      return;
    }
    DECODER.execute(
        () -> {
          Image img;
          try {
            img = toImage(scaled(ImageDecoder.decode(file), max));
            synchronized (cache) {
              cache.put(key, img);
            }
          } catch (java.io.IOException | RuntimeException e) {
            img = null; // the tile says "cannot read"; the evaluation itself already ran
          }
          Image done = img;
          fx.execute(() -> then.accept(done));
        });
  }

  /** Area-averaged so the longer side is at most {@code max}; small images stay as they are. */
  static RgbImage scaled(RgbImage src, int max) {
    int w = src.width();
    int h = src.height();
    if (w <= max && h <= max) {
      return src;
    }
    double f = Math.max(w, h) / (double) max;
    int ow = Math.max(1, (int) Math.round(w / f));
    int oh = Math.max(1, (int) Math.round(h / f));
    byte[] in = src.rgb();
    byte[] out = new byte[ow * oh * 3];
    for (int y = 0; y < oh; y++) {
      int y0 = y * h / oh;
      int y1 = Math.max(y0 + 1, (y + 1) * h / oh);
      for (int x = 0; x < ow; x++) {
        int x0 = x * w / ow;
        int x1 = Math.max(x0 + 1, (x + 1) * w / ow);
        long r = 0;
        long g = 0;
        long b = 0;
        for (int yy = y0; yy < y1; yy++) {
          int row = yy * w * 3;
          for (int xx = x0; xx < x1; xx++) {
            int i = row + xx * 3;
            r += in[i] & 0xff;
            g += in[i + 1] & 0xff;
            b += in[i + 2] & 0xff;
          }
        }
        long n = (long) (y1 - y0) * (x1 - x0);
        int o = (y * ow + x) * 3;
        out[o] = (byte) ((r + n / 2) / n);
        out[o + 1] = (byte) ((g + n / 2) / n);
        out[o + 2] = (byte) ((b + n / 2) / n);
      }
    }
    return new RgbImage(ow, oh, out);
  }

  private static Image toImage(RgbImage rgb) {
    WritableImage img = new WritableImage(rgb.width(), rgb.height());
    img.getPixelWriter()
        .setPixels(
            0,
            0,
            rgb.width(),
            rgb.height(),
            PixelFormat.getByteRgbInstance(),
            rgb.rgb(),
            0,
            rgb.width() * 3);
    return img;
  }
}
