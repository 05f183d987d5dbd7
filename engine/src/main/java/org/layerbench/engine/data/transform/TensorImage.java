package org.layerbench.engine.data.transform;

/**
 * A float image in the tensor stage of a pipeline (after {@code ToTensor}): channels × height ×
 * width, what a torch tensor of shape {@code [C, H, W]} is in torchvision. Tensor transforms may
 * change {@link #data} in place.
 */
public record TensorImage(int channels, int height, int width, float[] data) {

  public TensorImage {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "tensor shape must be positive: " + channels + "×" + height + "×" + width);
    }
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException(
          "expected " + channels * height * width + " floats, got " + data.length);
    }
  }

  /** {@code v / 255f} for every byte value v: ToTensor's division, done once per value. */
  private static final float[] UNIT = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT[v] = v / 255f;
    }
  }

  /** torchvision's {@code ToTensor} on a uint8 image: CHW, each value divided by 255 in float32. */
  public static TensorImage of(Image8 image) {
    float[] out = new float[image.channels() * image.width() * image.height()];
    write(image, null, out, 0);
    return new TensorImage(image.channels(), image.height(), image.width(), out);
  }

  /**
   * The image in CHW order into {@code out} from {@code offset}, each byte through its channel's
   * table of 256 values ({@code tables[c]}), or divided by 255 (ToTensor) when tables is null.
   */
  static void write(Image8 image, float[][] tables, float[] out, int offset) {
    int c = image.channels();
    int plane = image.width() * image.height();
    byte[] in = image.data();
    for (int ch = 0; ch < c; ch++) {
      float[] table = tables == null ? UNIT : tables[ch];
      for (int i = 0, p = ch, o = offset + ch * plane; i < plane; i++, p += c, o++) {
        out[o] = table[in[p] & 0xFF];
      }
    }
  }

  /** ToTensor's value of byte v, {@code v / 255f}. */
  static float unit(int v) {
    return UNIT[v];
  }

  public String shape() {
    return channels + "×" + height + "×" + width;
  }
}
