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
    int c = image.channels();
    int plane = image.width() * image.height();
    float[] out = new float[c * plane];
    byte[] in = image.data();
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0, p = ch; i < plane; i++, p += c) {
        out[ch * plane + i] = UNIT[in[p] & 0xFF];
      }
    }
    return new TensorImage(c, image.height(), image.width(), out);
  }

  public String shape() {
    return channels + "×" + height + "×" + width;
  }
}
