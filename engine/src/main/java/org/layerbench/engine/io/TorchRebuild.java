package org.layerbench.engine.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.io.PickleMachine.Global;
import org.layerbench.engine.io.PickleMachine.Tuple;

/**
 * The only globals a state_dict's pickle may name and call, as {@code
 * torch.load(weights_only=True)} allows them: OrderedDict, the storage types (as persistent ids,
 * {@code ('storage', type, key, location, numel)}), {@code _rebuild_tensor_v2} and {@code
 * _rebuild_parameter}. A tensor is a {@link TensorRef}: a view whose sizes, strides and offset are
 * checked to stay inside its storage; no bytes are read here.
 */
final class TorchRebuild {
  private static final int MAX_DIMS = 64;

  private static final Map<String, String> STORAGES =
      Map.ofEntries(
          Map.entry("FloatStorage", "F32"),
          Map.entry("DoubleStorage", "F64"),
          Map.entry("HalfStorage", "F16"),
          Map.entry("BFloat16Storage", "BF16"),
          Map.entry("LongStorage", "I64"),
          Map.entry("IntStorage", "I32"),
          Map.entry("ByteStorage", "U8"),
          Map.entry("BoolStorage", "BOOL"));
  private static final Set<String> CALLABLES =
      Set.of(
          "collections.OrderedDict",
          "torch._utils._rebuild_tensor_v2",
          "torch._utils._rebuild_parameter");

  private TorchRebuild() {}

  /** ('storage', type, key, location, numel) from a persistent id. */
  record StorageRef(String dtype, String key, long numel) {}

  /** A checked view of a storage; its bytes are copied out only for the tensors that are kept. */
  record TensorRef(StorageRef storage, long offset, long[] shape, long[] strides) {
    long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d; // checked when the reference was made
      }
      return n;
    }
  }

  static Object global(String name) throws IOException {
    if (CALLABLES.contains(name)) {
      return new Global(name);
    }
    if (name.startsWith("torch.") && STORAGES.containsKey(name.substring(6))) {
      return new Global(name);
    }
    throw new IOException(
        "refusing to load: the file's pickle asks for "
            + name
            + ", which a state_dict never needs (torch.load(weights_only=True) would refuse it too); nothing was run");
  }

  static Object persistent(Object pid) throws IOException {
    if (!(pid instanceof Tuple(List<Object> t))
        || t.size() < 5
        || !"storage".equals(t.get(0))
        || !(t.get(1) instanceof Global g)
        || !g.name().startsWith("torch.")
        || !STORAGES.containsKey(g.name().substring(6))
        || !(t.get(2) instanceof String key)
        || !(t.get(4) instanceof Long numel)) {
      throw new IOException(
          "unsupported persistent id (expected ('storage', torch.<Type>Storage, key, location,"
              + " numel))");
    }
    String dtype = STORAGES.get(g.name().substring(6));
    if (numel < 0 || numel > MemoryBudget.MAX_ARRAY_BYTES / TensorData.dtypeSize(dtype)) {
      throw new IOException(
          "storage " + key + " declares " + numel + " elements, which no storage can hold");
    }
    return new StorageRef(dtype, key, numel);
  }

  static Object call(Object fn, List<Object> args) throws IOException {
    if (!(fn instanceof Global g)) {
      throw new IOException("refusing to call a " + PickleMachine.describe(fn));
    }
    return switch (g.name()) {
      case "collections.OrderedDict" -> {
        if (!args.isEmpty()) {
          throw new IOException("malformed pickle (OrderedDict called with arguments)");
        }
        yield new LinkedHashMap<Object, Object>();
      }
      case "torch._utils._rebuild_parameter" -> {
        if (args.isEmpty() || !(args.get(0) instanceof TensorRef t)) {
          throw new IOException("malformed pickle (_rebuild_parameter needs a tensor)");
        }
        yield t;
      }
      case "torch._utils._rebuild_tensor_v2" -> tensor(args);
      default -> throw new IOException("refusing to call " + g.name());
    };
  }

  /**
   * _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks): every number
   * is checked so that the view stays inside the storage it names.
   */
  private static TensorRef tensor(List<Object> args) throws IOException {
    if (args.size() < 4
        || !(args.get(0) instanceof StorageRef ref)
        || !(args.get(1) instanceof Long offset)
        || !(args.get(2) instanceof Tuple(List<Object> size))
        || !(args.get(3) instanceof Tuple(List<Object> stride))) {
      throw new IOException(
          "malformed pickle (_rebuild_tensor_v2 needs a storage, an offset, a size and a"
              + " stride)");
    }
    if (size.size() != stride.size() || size.size() > MAX_DIMS) {
      throw new IOException(
          "a tensor of storage "
              + ref.key()
              + " has "
              + size.size()
              + " sizes and "
              + stride.size()
              + " strides"
              + (size.size() > MAX_DIMS ? " (at most " + MAX_DIMS + " dimensions)" : ""));
    }
    long[] shape = naturals(size, "size", ref);
    long[] strides = naturals(stride, "stride", ref);
    if (offset < 0) {
      throw new IOException(
          "a tensor of storage " + ref.key() + " has a negative storage offset " + offset);
    }
    long numel = 1;
    long last = offset; // the largest element index the view reaches
    try {
      for (int d = 0; d < shape.length; d++) {
        numel = Math.multiplyExact(numel, shape[d]);
      }
      if (numel > 0) {
        for (int d = 0; d < shape.length; d++) {
          last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
        }
      }
    } catch (ArithmeticException e) {
      throw new IOException(
          "a tensor of storage "
              + ref.key()
              + " has size "
              + Arrays.toString(shape)
              + " and stride "
              + Arrays.toString(strides)
              + ", whose element count or extent overflows");
    }
    if (numel > 0 && last >= ref.numel()) {
      throw new IOException(
          "a tensor of storage "
              + ref.key()
              + " (size "
              + Arrays.toString(shape)
              + ", stride "
              + Arrays.toString(strides)
              + ", offset "
              + offset
              + ") reaches element "
              + last
              + " of a storage of "
              + ref.numel());
    }
    return new TensorRef(ref, offset, shape, strides);
  }

  private static long[] naturals(List<Object> values, String what, StorageRef ref)
      throws IOException {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(values.get(i) instanceof Long v) || v < 0) {
        throw new IOException(
            "a tensor of storage "
                + ref.key()
                + " has a "
                + what
                + " that is not a list of non-negative integers");
      }
      out[i] = v;
    }
    return out;
  }
}
