package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.DType;

/**
 * A batch's tensors: its input, in the shape and element type its layout states, and for padded
 * sequences their lengths.
 */
final class BatchTensors {
  private BatchTensors() {}

  static NDArray input(NDManager manager, Batch batch) {
    Shape shape = new Shape(batch.shape());
    if (batch.layout().dtype() == DType.INT64) {
      return manager.create(batch.longs(), shape);
    }
    return org.layerbench.engine.nn.TensorMemory.create(manager, batch.data(), shape);
  }

  /** The batch's sequence lengths as int64 [batch], or null when every step is real. */
  static NDArray lengths(NDManager manager, Batch batch) {
    int[] lengths = batch.lengths();
    if (lengths == null) {
      return null;
    }
    long[] values = new long[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      values[i] = lengths[i];
    }
    return manager.create(values);
  }
}
