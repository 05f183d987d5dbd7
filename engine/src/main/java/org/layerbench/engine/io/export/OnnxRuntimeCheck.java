package org.layerbench.engine.io.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported ONNX model in ONNX Runtime on a float batch, to verify it against LayerBench's
 * own outputs. ONNX Runtime unpacks its native library into java.io.tmpdir on first use.
 */
public final class OnnxRuntimeCheck {
  private OnnxRuntimeCheck() {}

  /**
   * The model's first output for a batch, one row per sample (each sample's output flattened).
   *
   * @param input the batch's values, row-major
   * @param shape the batch's shape, batch first
   * @throws ExportException when the file cannot be read, the model not loaded or not run
   */
  public static float[][] run(Path model, float[] input, long[] shape) throws ExportException {
    return run(model, input, shape, null);
  }

  /**
   * As {@link #run(Path, float[], long[])}, with each sequence's length for a model that takes
   * {@link OnnxModelWriter#LENGTHS} (null: every step of every sequence is real).
   */
  public static float[][] run(Path model, float[] input, long[] shape, long[] lengths)
      throws ExportException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(model);
    } catch (IOException e) {
      throw new ExportException("Could not read " + model + ": " + e.getMessage(), e);
    }
    return run(bytes, input, shape, lengths);
  }

  /** As {@link #run(Path, float[], long[])}, for a model held in memory. */
  public static float[][] run(byte[] model, float[] input, long[] shape) throws ExportException {
    return run(model, input, shape, null);
  }

  /** As {@link #run(Path, float[], long[], long[])}, for a model held in memory. */
  public static float[][] run(byte[] model, float[] input, long[] shape, long[] lengths)
      throws ExportException {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (shape.length == 0 || count != input.length) {
      throw new ExportException(
          "The batch holds " + input.length + " values, which do not fill the shape given.");
    }
    OrtEnvironment env;
    try {
      env = OrtEnvironment.getEnvironment();
    } catch (RuntimeException | LinkageError e) {
      throw new ExportException("ONNX Runtime could not start: " + e.getMessage(), e);
    }
    // One thread: verification runs beside the engine's own threads and is small.
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        String name = session.getInputNames().iterator().next();
        boolean takesLengths = session.getInputNames().contains(OnnxModelWriter.LENGTHS);
        if (!takesLengths && lengths != null) {
          throw new ExportException("Sequence lengths were given, but the model takes none.");
        }
        if (takesLengths && lengths == null) {
          // every step is real, as Network.forward(x, training) runs it
          lengths = new long[(int) shape[0]];
          java.util.Arrays.fill(lengths, shape.length > 1 ? shape[1] : 1);
        }
        try (OnnxTensor x = tensor(env, session, name, input, shape);
            OnnxTensor len =
                lengths == null
                    ? null
                    : OnnxTensor.createTensor(
                        env, java.nio.LongBuffer.wrap(lengths), new long[] {lengths.length})) {
          Map<String, OnnxTensor> feed =
              len == null ? Map.of(name, x) : Map.of(name, x, OnnxModelWriter.LENGTHS, len);
          try (OrtSession.Result result = session.run(feed)) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor tensor)) {
              throw new ExportException("The model's first output is not a tensor.");
            }
            FloatBuffer values = tensor.getFloatBuffer();
            if (values == null) {
              throw new ExportException("The model's first output is not a float tensor.");
            }
            int rows = (int) shape[0];
            int perRow = rows == 0 ? 0 : values.remaining() / rows;
            float[][] out2 = new float[rows][perRow];
            for (float[] row : out2) {
              values.get(row);
            }
            return out2;
          }
        }
      }
    } catch (OrtException e) {
      throw new ExportException(
          "ONNX Runtime could not run the model: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * The batch as the model's input type: float32, or int64 for a model that takes token ids (the
   * values are whole numbers then, exact in a float up to 2^24, which reference inputs stay under).
   */
  private static OnnxTensor tensor(
      OrtEnvironment env, OrtSession session, String name, float[] input, long[] shape)
      throws OrtException {
    if (session.getInputInfo().get(name).getInfo() instanceof ai.onnxruntime.TensorInfo t
        && t.type == ai.onnxruntime.OnnxJavaType.INT64) {
      long[] ids = new long[input.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (long) input[i];
      }
      return OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
