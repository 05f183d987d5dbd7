package org.layerbench.engine.io.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.io.export.onnx.OnnxProto.AttributeProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.GraphProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.NodeProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.TensorProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.TensorShapeProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.TypeProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.ValueInfoProto;

/**
 * An ONNX graph under construction: nodes in the order they are added (already topological, as they
 * come from the model's topological order), initializers added once each, and fresh tensor names.
 * Only the generated protobuf classes encode anything.
 */
final class OnnxGraph {
  static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  static final int INT64 = TensorProto.DataType.INT64_VALUE;
  static final int INT32 = TensorProto.DataType.INT32_VALUE;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> scalars = new HashMap<>();
  private int nodeCount;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A tensor name not used before: {@code base}, else {@code base_2}, {@code base_3}, ... */
  String fresh(String base) {
    String name = base;
    for (int i = 2; !names.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** Claims a name that must be exactly this (the graph's input and output, weight names). */
  boolean claim(String name) {
    return names.add(name);
  }

  /** Adds a node; an empty input name stands for an optional input left out. */
  NodeBuilder node(String op, String scope, List<String> inputs, List<String> outputs) {
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType(op).setName(scope + "/" + op + "_" + nodeCount++);
    n.addAllInput(inputs).addAllOutput(outputs);
    return new NodeBuilder(n);
  }

  /**
   * Adds a one-output node whose output gets a fresh name from {@code scope}; returns that name.
   */
  String op(String op, String scope, List<String> inputs, Attr... attrs) {
    String out = fresh(scope + "/" + op);
    NodeBuilder n = node(op, scope, inputs, List.of(out));
    for (Attr a : attrs) {
      n.attr(a);
    }
    n.done();
    return out;
  }

  void floatInitializer(String name, long[] shape, byte[] littleEndian) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    for (long d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t.setRawData(ByteString.copyFrom(littleEndian)));
  }

  /** A float constant under a fresh name derived from {@code base}. */
  String floats(String base, long[] shape, float[] values) {
    String name = fresh(base);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    floatInitializer(name, shape, b.array());
    return name;
  }

  /** A 1-D int64 constant (a shape, pads, axes). */
  String longs(String base, long... values) {
    String name = fresh(base);
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(INT64).addDims(values.length);
    graph.addInitializer(t.setRawData(ByteString.copyFrom(b.array())));
    return name;
  }

  /** A float scalar, shared by every node that needs the same value. */
  String scalar(float value) {
    return scalars.computeIfAbsent(
        Float.toString(value), k -> floats("const_" + k, new long[0], new float[] {value}));
  }

  /** A float tensor with a symbolic first dimension {@code batch} and fixed others. */
  static ValueInfoProto batched(String name, List<Integer> sample) {
    return batched(name, sample, FLOAT);
  }

  /** A tensor of {@code elemType} with a symbolic first dimension {@code batch}. */
  static ValueInfoProto batched(String name, List<Integer> sample, int elemType) {
    return batched(name, sample, elemType, false);
  }

  /**
   * A tensor of {@code elemType} with a symbolic first dimension {@code batch}, and with {@code
   * steps} a symbolic second one {@code steps} (a padded batch of sequences of any length).
   */
  static ValueInfoProto batched(String name, List<Integer> sample, int elemType, boolean steps) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (int k = 0; k < sample.size(); k++) {
      shape.addDim(
          k == 0 && steps
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("steps")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(sample.get(k)));
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  GraphProto.Builder proto() {
    return graph;
  }

  /** One attribute of a node. */
  record Attr(AttributeProto proto) {
    static Attr i(String name, long value) {
      return new Attr(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.INT)
              .setI(value)
              .build());
    }

    static Attr f(String name, float value) {
      return new Attr(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.FLOAT)
              .setF(value)
              .build());
    }

    static Attr s(String name, String value) {
      return new Attr(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.STRING)
              .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
              .build());
    }

    static Attr ints(String name, long... values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        a.addInts(v);
      }
      return new Attr(a.build());
    }

    static Attr ints(String name, int... values) {
      long[] l = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        l[i] = values[i];
      }
      return ints(name, l);
    }

    static Attr strings(String name, List<String> values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
      for (String v : values) {
        a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
      }
      return new Attr(a.build());
    }
  }

  /** A node being given its attributes; {@link #done()} adds it to the graph. */
  final class NodeBuilder {
    private final NodeProto.Builder node;

    private NodeBuilder(NodeProto.Builder node) {
      this.node = node;
    }

    NodeBuilder attr(Attr a) {
      node.addAttribute(a.proto());
      return this;
    }

    void done() {
      graph.addNode(node);
    }
  }
}
