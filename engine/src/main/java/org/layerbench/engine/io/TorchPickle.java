package org.layerbench.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a state_dict saved by {@code torch.save} (the zip format of PyTorch ≥ 1.6) without
 * executing anything: a pickle interpreter for the opcodes such files use, whose only callables are
 * the ones {@code torch.load(weights_only=True)} allows (OrderedDict, _rebuild_tensor_v2,
 * _rebuild_parameter, the storage types). Any other global — {@code os.system}, {@code eval}, a
 * class of the saving program — is refused with a message before it could be called.
 */
public final class TorchPickle {
  private static final long MAX_ENTRY = 4L << 30;
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

  private TorchPickle() {}

  /** A global the file names; only allowed ones are ever created. */
  private record Global(String name) {}

  /** ('storage', type, key, location, numel) from a persistent id. */
  private record StorageRef(String dtype, String key) {}

  private static final Object MARK = new Object();

  /** Reads the tensors of a state_dict file, in the file's order. */
  public static SequencedMap<String, TensorData> read(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl =
          zip.stream()
              .filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IOException(
                          file
                              + ": not a PyTorch zip checkpoint (no data.pkl); old-format .pt files are not read"));
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      byte[] pickle = readEntry(zip, pkl);
      Map<String, byte[]> storages = new HashMap<>();
      Object root =
          new Machine(
                  pickle,
                  key -> {
                    byte[] b = storages.get(key);
                    if (b == null) {
                      ZipEntry e = zip.getEntry(prefix + "data/" + key);
                      if (e == null) {
                        throw new IOException(file + ": storage " + key + " is missing");
                      }
                      b = readEntry(zip, e);
                      storages.put(key, b);
                    }
                    return b;
                  })
              .run();
      if (!(root instanceof Map<?, ?> map)) {
        throw new IOException(
            file + ": not a state_dict (the pickle holds a " + describe(root) + ")");
      }
      SequencedMap<String, TensorData> out = new LinkedHashMap<>();
      for (var e : map.entrySet()) {
        if (e.getKey() instanceof String k && e.getValue() instanceof TensorData t) {
          out.put(k, t);
        }
      }
      return out;
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a PyTorch zip checkpoint (" + e.getMessage() + ")");
    }
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry e) throws IOException {
    if (e.getSize() > MAX_ENTRY) {
      throw new IOException(e.getName() + " is larger than " + MAX_ENTRY + " bytes");
    }
    try (var in = zip.getInputStream(e)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_ENTRY));
    }
  }

  private static String describe(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  /** Loads storage bytes by key. */
  @FunctionalInterface
  private interface StorageSource {
    byte[] load(String key) throws IOException;
  }

  /** The pickle virtual machine, restricted. */
  private static final class Machine {
    private final ByteBuffer in;
    private final StorageSource storages;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    Machine(byte[] pickle, StorageSource storages) {
      this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
      this.storages = storages;
    }

    Object run() throws IOException {
      try {
        while (true) {
          int op = in.get() & 0xff;
          switch (op) {
            case 0x80 -> in.get(); // PROTO
            case 0x95 -> in.getLong(); // FRAME
            case '.' -> { // STOP
              return pop();
            }
            case '(' -> stack.add(MARK);
            case '}' -> stack.add(new LinkedHashMap<Object, Object>());
            case ']' -> stack.add(new ArrayList<Object>());
            case ')' -> stack.add(List.of());
            case 'N' -> stack.add(null);
            case 0x88 -> stack.add(Boolean.TRUE);
            case 0x89 -> stack.add(Boolean.FALSE);
            case 'K' -> stack.add((long) (in.get() & 0xff));
            case 'M' -> stack.add((long) (in.getShort() & 0xffff));
            case 'J' -> stack.add((long) in.getInt());
            case 0x8a -> stack.add(long1());
            case 'G' -> stack.add(in.order(ByteOrder.BIG_ENDIAN).getDouble());
            case 'X' -> stack.add(string(in.getInt()));
            case 0x8c -> stack.add(string(in.get() & 0xff));
            case 'q' -> memo.put(in.get() & 0xff, top());
            case 'r' -> memo.put(in.getInt(), top());
            case 0x94 -> memo.put(memo.size(), top());
            case 'h' -> stack.add(memo(in.get() & 0xff));
            case 'j' -> stack.add(memo(in.getInt()));
            case 't' -> stack.add(nonNull(popMark()));
            case 0x85 -> stack.add(tuple(1));
            case 0x86 -> stack.add(tuple(2));
            case 0x87 -> stack.add(tuple(3));
            case 'c' -> stack.add(global(line() + "." + line()));
            case 0x93 -> {
              String name = (String) pop();
              String module = (String) pop();
              stack.add(global(module + "." + name));
            }
            case 'Q' -> stack.add(persistent(pop()));
            case 'R' -> {
              Object args = pop();
              Object fn = pop();
              stack.add(call(fn, (List<?>) args));
            }
            case 's' -> {
              Object v = pop();
              Object k = pop();
              dict(top()).put(k, v);
            }
            case 'u' -> {
              List<Object> items = popMark();
              Map<Object, Object> d = dict(top());
              for (int i = 0; i + 1 < items.size(); i += 2) {
                d.put(items.get(i), items.get(i + 1));
              }
            }
            case 'a' -> {
              Object v = pop();
              list(top()).add(v);
            }
            case 'e' -> {
              List<Object> items = popMark();
              list(top()).addAll(items);
            }
            case 'b' -> pop(); // BUILD: object state (OrderedDict._metadata); not needed
            default ->
                throw new IOException(
                    String.format(
                        "unsupported pickle opcode 0x%02x at byte %d", op, in.position() - 1));
          }
        }
      } catch (java.nio.BufferUnderflowException
          | IndexOutOfBoundsException
          | ClassCastException e) {
        throw new IOException("malformed pickle (" + e + ")");
      }
    }

    private Object global(String name) throws IOException {
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

    private Object persistent(Object pid) throws IOException {
      List<?> t = (List<?>) pid;
      if (t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Global g)) {
        throw new IOException("unsupported persistent id " + t);
      }
      return new StorageRef(STORAGES.get(g.name().substring(6)), String.valueOf(t.get(2)));
    }

    private Object call(Object fn, List<?> args) throws IOException {
      if (!(fn instanceof Global g)) {
        throw new IOException("refusing to call " + describe(fn));
      }
      return switch (g.name()) {
        case "collections.OrderedDict" -> new LinkedHashMap<Object, Object>();
        case "torch._utils._rebuild_parameter" -> args.get(0);
        case "torch._utils._rebuild_tensor_v2" -> tensor(args);
        default -> throw new IOException("refusing to call " + g.name());
      };
    }

    /** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks). */
    private TensorData tensor(List<?> args) throws IOException {
      StorageRef ref = (StorageRef) args.get(0);
      long offset = (Long) args.get(1);
      List<?> size = (List<?>) args.get(2);
      List<?> stride = (List<?>) args.get(3);
      long[] shape = new long[size.size()];
      long[] strides = new long[size.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = (Long) size.get(i);
        strides[i] = (Long) stride.get(i);
      }
      byte[] storage = storages.load(ref.key());
      int el = TensorData.dtypeSize(ref.dtype());
      long numel = TensorData.numel(shape);
      byte[] data = new byte[Math.toIntExact(numel * el)];
      long[] index = new long[shape.length];
      for (long n = 0; n < numel; n++) {
        long src = offset;
        for (int d = 0; d < shape.length; d++) {
          src += index[d] * strides[d];
        }
        if ((src + 1) * el > storage.length) {
          throw new IOException("a tensor reaches past the end of its storage " + ref.key());
        }
        System.arraycopy(storage, (int) (src * el), data, (int) (n * el), el);
        for (int d = shape.length - 1; d >= 0; d--) {
          if (++index[d] < shape[d]) {
            break;
          }
          index[d] = 0;
        }
      }
      return new TensorData(ref.dtype(), shape, data);
    }

    private long long1() {
      int n = in.get() & 0xff;
      long v = 0;
      for (int i = 0; i < n; i++) {
        v |= (long) (in.get() & 0xff) << (8 * i);
      }
      if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
        v -= 1L << (8 * n);
      }
      return v;
    }

    private String string(int length) {
      byte[] b = new byte[length];
      in.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    private String line() {
      StringBuilder sb = new StringBuilder();
      for (byte b = in.get(); b != '\n'; b = in.get()) {
        sb.append((char) b);
      }
      return sb.toString();
    }

    private Object memo(int key) throws IOException {
      if (!memo.containsKey(key)) {
        throw new IOException("malformed pickle (memo " + key + " unset)");
      }
      return memo.get(key);
    }

    private Object pop() {
      return stack.remove(stack.size() - 1);
    }

    private Object top() {
      return stack.get(stack.size() - 1);
    }

    private List<Object> tuple(int n) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(0, pop());
      }
      return java.util.Collections.unmodifiableList(items);
    }

    private List<Object> popMark() {
      List<Object> items = new ArrayList<>();
      for (Object o = pop(); o != MARK; o = pop()) {
        items.add(0, o);
      }
      return items;
    }

    private static List<Object> nonNull(List<Object> items) {
      return java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
      return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
      return (List<Object>) o;
    }
  }
}
