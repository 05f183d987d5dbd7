package org.layerbench.engine.data.transform;

import static org.layerbench.engine.data.transform.Transforms.chance;
import static org.layerbench.engine.data.transform.Transforms.pair;
import static org.layerbench.engine.data.transform.Transforms.uniform;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Op.TensorOp;

/**
 * The catalogue's tensor-stage transforms: Normalize, GaussianNoise and RandomErasing, each as
 * torchvision 0.14's class of the same name (see {@link Transforms}).
 */
final class TensorTransforms {

  private TensorTransforms() {}

  record Normalize(float[] mean, float[] std) implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      check(t.channels());
      int plane = t.height() * t.width();
      float[] d = t.data();
      for (int c = 0; c < t.channels(); c++) {
        float m = mean[mean.length == 1 ? 0 : c];
        float s = std[std.length == 1 ? 0 : c];
        for (int i = c * plane, end = i + plane; i < end; i++) {
          d[i] = (d[i] - m) / s;
        }
      }
      return t;
    }

    /**
     * ToTensor then Normalize of one byte value v, {@code (v / 255f - mean) / std}, for every v and
     * channel: the floats {@link #apply} gives after ToTensor, as tables.
     */
    float[][] tables(int channels) {
      check(channels);
      float[][] out = new float[channels][256];
      for (int c = 0; c < channels; c++) {
        float m = mean[mean.length == 1 ? 0 : c];
        float s = std[std.length == 1 ? 0 : c];
        for (int v = 0; v < 256; v++) {
          out[c][v] = (TensorImage.unit(v) - m) / s;
        }
      }
      return out;
    }

    private void check(int channels) {
      if (mean.length != 1 && mean.length != channels) {
        throw new IllegalArgumentException(
            "Normalize has "
                + mean.length
                + " mean values for an image of "
                + channels
                + " channels");
      }
    }
  }

  static Op normalize(Args a) {
    double[] mean = a.numbers("mean");
    double[] std = a.numbers("std");
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need as many values, got " + mean.length + " and " + std.length);
    }
    float[] m = new float[mean.length];
    float[] s = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      if (std[i] == 0) {
        throw new IllegalArgumentException("std must not be 0 (division by zero)");
      }
      m[i] = (float) mean[i];
      s[i] = (float) std[i];
    }
    return new Normalize(m, s);
  }

  /** The seed's {@code Noise}: {@code tensor + normal(mean, std)} per value, optionally clamped. */
  record GaussianNoise(double mean, double std, boolean clip) implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      float[] d = t.data();
      for (int i = 0; i < d.length; i++) {
        float v = d[i] + (float) (mean + std * random.nextGaussian());
        d[i] = clip ? Math.min(1f, Math.max(0f, v)) : v;
      }
      return t;
    }
  }

  static Op gaussianNoise(Args a) {
    return new GaussianNoise(a.number("mean"), a.number("std"), a.bool("clip"));
  }

  /** torchvision's {@code RandomErasing} (value null means "random": standard normal noise). */
  record RandomErasing(double p, double[] scale, double[] ratio, float[] value)
      implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      if (!chance(random, p)) {
        return t;
      }
      if (value != null && value.length != 1 && value.length != t.channels()) {
        throw new IllegalArgumentException(
            "RandomErasing value needs 1 or " + t.channels() + " values, got " + value.length);
      }
      int area = t.height() * t.width();
      double logLo = Math.log(ratio[0]);
      double logHi = Math.log(ratio[1]);
      for (int attempt = 0; attempt < 10; attempt++) {
        double eraseArea = area * uniform(random, scale[0], scale[1]);
        double aspect = Math.exp(uniform(random, logLo, logHi));
        int h = (int) Math.rint(Math.sqrt(eraseArea * aspect));
        int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
        if (!(h < t.height() && w < t.width())) {
          continue;
        }
        float[] v;
        if (value == null) {
          v = new float[t.channels() * h * w];
          for (int k = 0; k < v.length; k++) {
            v[k] = (float) random.nextGaussian();
          }
        } else {
          v = null;
        }
        int i = random.nextInt(t.height() - h + 1);
        int j = random.nextInt(t.width() - w + 1);
        return erase(t, i, j, h, w, v);
      }
      return t;
    }

    /** {@code F.erase}: the h×w window at (i, j) becomes {@code noise} (C×h×w) or the value. */
    TensorImage erase(TensorImage t, int i, int j, int h, int w, float[] noise) {
      int plane = t.height() * t.width();
      float[] d = t.data();
      for (int c = 0; c < t.channels(); c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            d[c * plane + (i + y) * t.width() + j + x] =
                noise != null ? noise[(c * h + y) * w + x] : value[value.length == 1 ? 0 : c];
          }
        }
      }
      return t;
    }
  }

  static Op randomErasing(Args a) {
    float[] value = null;
    if (!"random".equals(a.value("value"))) {
      double[] v = a.numbers("value");
      value = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        value[i] = (float) v[i];
      }
    }
    double[] scale = pair(a, "scale");
    double[] ratio = pair(a, "ratio");
    if (ratio[0] <= 0) {
      throw new IllegalArgumentException("ratio must be positive");
    }
    return new RandomErasing(a.number("p"), scale, ratio, value);
  }
}
