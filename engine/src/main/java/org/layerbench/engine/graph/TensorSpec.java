package org.layerbench.engine.graph;

import java.util.List;

/**
 * One tensor a layer owns, named as the PyTorch module names it in its {@code state_dict}: {@code
 * weight}, {@code bias}, {@code running_mean}, {@code num_batches_tracked}, {@code weight_ih_l0}.
 * Buffers are state but not parameters: they are saved and loaded, never trained.
 *
 * @param name the local name inside the module; {@link NodeReport#tensors()} gives dotted names
 * @param shape the full shape (empty for a scalar such as {@code num_batches_tracked})
 * @param buffer true for buffers (running statistics), false for trainable parameters
 */
public record TensorSpec(String name, List<Integer> shape, boolean buffer) {

  public TensorSpec {
    shape = List.copyOf(shape);
  }

  public static TensorSpec param(String name, int... shape) {
    return new TensorSpec(name, ints(shape), false);
  }

  public static TensorSpec buffer(String name, int... shape) {
    return new TensorSpec(name, ints(shape), true);
  }

  public long numel() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public TensorSpec renamed(String newName) {
    return new TensorSpec(newName, shape, buffer);
  }

  private static List<Integer> ints(int... values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
