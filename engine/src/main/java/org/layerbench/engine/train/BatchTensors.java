package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.DType;

/** A batch's input tensor, in the shape and element type its layout states. */
final class BatchTensors {
  private BatchTensors() {}

  static NDArray input(NDManager manager, Batch batch) {
    Shape shape = new Shape(batch.shape());
    if (batch.layout().dtype() == DType.INT64) {
      return manager.create(batch.longs(), shape);
    }
    return org.layerbench.engine.nn.TensorMemory.create(manager, batch.data(), shape);
  }
}
