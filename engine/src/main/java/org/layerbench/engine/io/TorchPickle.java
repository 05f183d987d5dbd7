package org.layerbench.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 *
 * <p>Nothing a file declares is allocated before it is checked: every size, stride and storage
 * offset against the storage the tensor views and that storage against its zip entry; the tensors'
 * total against the file's size ({@link #MAX_EXPANSION}, so a stride-0 tensor cannot turn 100 KB
 * into gigabytes) and against the free heap ({@link MemoryBudget}); the pickle's own size and the
 * objects it builds. Every refusal is an {@link IOException} with one line.
 *
 * <p>A training checkpoint ({@code {'epoch': …, 'state_dict': …, 'optimizer': …}}) is unwrapped:
 * the tensors of its {@code state_dict} (or {@code model_state_dict}, {@code model}) entry are
 * read, and {@link Contents#note} says so.
 */
public final class TorchPickle {
  /** data.pkl of a state_dict is a few bytes per tensor; a million tensors stay under this. */
  static final long MAX_PICKLE_BYTES = 16L << 20;

  /**
   * Values (containers, strings, numbers, stack slots, memo entries, marks) the pickle may make:
   * far above any state_dict's (some twenty per tensor), and a bound on the heap a pickle can take.
   */
  static final int MAX_OBJECTS = 2_000_000;

  /** Tensors may take at most this many times the file's bytes (tied weights view one storage). */
  static final int MAX_EXPANSION = 4;

  /** ... plus this, so small files with a few shared views are never refused. */
  static final long EXPANSION_SLACK = 64L << 20;

  /** A storage entry deflated beyond this ratio is a zip bomb: torch.save stores them as is. */
  private static final long MAX_DEFLATE_RATIO = 32;

  private static final int MAX_DIMS = 64;
  private static final int MAX_NESTING = 100;

  /** The entries of a checkpoint dict that hold the model's state_dict, in the order tried. */
  static final List<String> WRAPPERS = List.of("state_dict", "model_state_dict", "model");

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

  /**
   * What a {@code .pt} held.
   *
   * @param tensors the state_dict's tensors, in the file's order
   * @param note null for a plain state_dict; for a checkpoint dict, a sentence saying which entry
   *     was read ("a checkpoint (entries: epoch, state_dict, optimizer); its 'state_dict' entry was
   *     read"), for callers to print
   */
  public record Contents(SequencedMap<String, TensorData> tensors, String note) {}

  /** A global the file names; only allowed ones are ever created. */
  private record Global(String name) {}

  /** ('storage', type, key, location, numel) from a persistent id. */
  private record StorageRef(String dtype, String key, long numel) {}

  /** A checked view of a storage; its bytes are copied out only for the tensors that are kept. */
  private record TensorRef(StorageRef storage, long offset, long[] shape, long[] strides) {
    long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d; // checked when the reference was made
      }
      return n;
    }
  }

  /** A Python tuple: immutable, hashable when its items are. */
  private record Tuple(List<Object> items) {}

  private static final Object MARK = new Object();

  /** Reads the tensors of a state_dict file (or of a checkpoint's state_dict), in file order. */
  public static SequencedMap<String, TensorData> read(Path file) throws IOException {
    return load(file).tensors();
  }

  /** Reads the tensors and says whether they were unwrapped from a checkpoint dict. */
  public static Contents load(Path file) throws IOException {
    long fileSize = Files.size(file);
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
      byte[] pickle = readEntry(zip, pkl, MAX_PICKLE_BYTES, "data.pkl", fileSize);
      Object root;
      try {
        root = new Machine(pickle).run();
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      Selected selected = select(root, file);
      Materializer m = new Materializer(zip, prefix, fileSize);
      SequencedMap<String, TensorData> out = new LinkedHashMap<>();
      try {
        for (var e : selected.tensors.entrySet()) {
          out.put(e.getKey(), m.tensor(e.getKey(), e.getValue()));
        }
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      return new Contents(out, selected.note);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a PyTorch zip checkpoint (" + e.getMessage() + ")");
    } catch (java.io.EOFException e) {
      // ZipFile's constructor, looking for the end of a damaged central directory
      throw new IOException(file + ": not a PyTorch zip checkpoint (a damaged zip: it ends early)");
    } catch (IllegalArgumentException | java.util.zip.ZipError e) {
      // ZipFile's own reaction to a malformed entry name or central directory
      throw new IOException(
          file + ": not a PyTorch zip checkpoint (a malformed zip: " + e.getMessage() + ")");
    }
  }

  private record Selected(SequencedMap<String, TensorRef> tensors, String note) {}

  /** The state_dict: the pickle's dict itself, or the entry of a checkpoint dict that holds it. */
  private static Selected select(Object root, Path file) throws IOException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new IOException(
          file + ": not a state_dict (the pickle holds a " + describe(root) + ")");
    }
    SequencedMap<String, TensorRef> top = tensors(map);
    if (!top.isEmpty() || map.isEmpty()) {
      return new Selected(top, null);
    }
    List<String> keys = new ArrayList<>();
    for (Object k : map.keySet()) {
      keys.add(k instanceof String s ? s : describe(k));
    }
    String entries =
        keys.size() <= 8
            ? String.join(", ", keys)
            : String.join(", ", keys.subList(0, 8)) + ", … (" + keys.size() + " in all)";
    for (String wrapper : WRAPPERS) {
      if (map.get(wrapper) instanceof Map<?, ?> inner) {
        SequencedMap<String, TensorRef> found = tensors(inner);
        if (!found.isEmpty()) {
          return new Selected(
              found,
              "a checkpoint (entries: "
                  + entries
                  + "), not a bare state_dict; the "
                  + found.size()
                  + " tensors of its '"
                  + wrapper
                  + "' entry were read");
        }
      }
    }
    throw new IOException(
        file
            + ": not a state_dict: the file holds a dict without tensors (entries: "
            + entries
            + "); expected a state_dict, or a checkpoint with a "
            + String.join(", ", WRAPPERS.stream().map(w -> "'" + w + "'").toList())
            + " entry holding one");
  }

  private static SequencedMap<String, TensorRef> tensors(Map<?, ?> map) {
    SequencedMap<String, TensorRef> out = new LinkedHashMap<>();
    for (var e : map.entrySet()) {
      if (e.getKey() instanceof String k && e.getValue() instanceof TensorRef t) {
        out.put(k, t);
      }
    }
    return out;
  }

  /** Reads a whole entry of at most {@code cap} bytes, refusing what would not fit. */
  private static byte[] readEntry(ZipFile zip, ZipEntry e, long cap, String what, long fileSize)
      throws IOException {
    long size = e.getSize();
    long compressed = e.getCompressedSize();
    if (size < 0 || compressed < 0) {
      throw new IOException(what + " does not declare its size");
    }
    if (compressed > fileSize || (e.getMethod() == ZipEntry.STORED && size != compressed)) {
      throw new IOException(
          what
              + " declares "
              + MemoryBudget.size(Math.max(size, compressed))
              + " stored in a file of "
              + MemoryBudget.size(fileSize));
    }
    if (size > cap) {
      throw new IOException(
          what
              + " is "
              + MemoryBudget.size(size)
              + ", over the limit of "
              + MemoryBudget.size(cap));
    }
    if (size > (64L << 20) && size > compressed * MAX_DEFLATE_RATIO) {
      throw new IOException(
          what
              + " inflates from "
              + MemoryBudget.size(compressed)
              + " to "
              + MemoryBudget.size(size)
              + " (a zip bomb?); torch.save stores tensors uncompressed");
    }
    MemoryBudget.require(size, what);
    try (InputStream in = zip.getInputStream(e)) {
      byte[] bytes = in.readNBytes((int) size);
      if (bytes.length < size) {
        throw new IOException(what + " is shorter than the " + size + " bytes it declares");
      }
      return bytes;
    } catch (java.io.EOFException | java.util.zip.ZipException ex) {
      // a damaged entry: the inflater or the local header runs out before the declared size
      throw new IOException(
          what + " is corrupt" + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")"), ex);
    }
  }

  /** A short name for a pickled value in messages; never prints contents (they may be cyclic). */
  private static String describe(Object o) {
    return switch (o) {
      case null -> "None";
      case String s -> "str";
      case Long l -> "int";
      case Double d -> "float";
      case Boolean b -> "bool";
      case Tuple t -> "tuple";
      case List<?> l -> "list";
      case Map<?, ?> m -> "dict";
      case TensorRef t -> "tensor";
      case Global g -> g.name();
      default -> o.getClass().getSimpleName();
    };
  }

  /** Copies out the tensors that are kept, within the file's and the heap's budget. */
  private static final class Materializer {
    private final ZipFile zip;
    private final String prefix;
    private final long budget;
    private final long fileSize;
    private final Map<String, byte[]> storages = new HashMap<>();
    private final Map<TensorRef, TensorData> done = new IdentityHashMap<>();
    private long total;

    Materializer(ZipFile zip, String prefix, long fileSize) {
      this.zip = zip;
      this.prefix = prefix;
      this.fileSize = fileSize;
      this.budget = fileSize * MAX_EXPANSION + EXPANSION_SLACK;
    }

    TensorData tensor(String name, TensorRef t) throws IOException {
      TensorData cached = done.get(t);
      if (cached != null) {
        return cached;
      }
      String what = "tensor '" + name + "'";
      int el = TensorData.dtypeSize(t.storage.dtype);
      // numel fits a long (checked in the pickle) but not always when multiplied: a stride of 0
      // lets a view of one element claim 2^62 of them
      long bytes = t.numel() > MemoryBudget.MAX_ARRAY_BYTES / el ? Long.MAX_VALUE : t.numel() * el;
      if (bytes > MemoryBudget.MAX_ARRAY_BYTES) {
        throw new IOException(
            what + " has " + t.numel() + " elements, more than one tensor may hold (2 GiB)");
      }
      total += bytes;
      if (total > budget) {
        throw new IOException(
            what
                + " ("
                + t.storage.dtype
                + " "
                + Arrays.toString(t.shape)
                + ", "
                + MemoryBudget.size(bytes)
                + ") brings the tensors to "
                + MemoryBudget.size(total)
                + ", more than "
                + MAX_EXPANSION
                + "× the file's size"
                + (Arrays.stream(t.strides).anyMatch(s -> s == 0)
                    ? " (a stride of 0 repeats its storage's elements)"
                    : "")
                + "; refusing it");
      }
      byte[] storage = t.numel() == 0 ? new byte[0] : storage(t.storage, what);
      MemoryBudget.require(bytes, what);
      byte[] data = new byte[(int) bytes];
      copy(t, storage, el, data);
      TensorData out = new TensorData(t.storage.dtype, t.shape, data);
      done.put(t, out);
      return out;
    }

    private byte[] storage(StorageRef ref, String what) throws IOException {
      byte[] b = storages.get(ref.key);
      if (b != null) {
        return b;
      }
      ZipEntry e = zip.getEntry(prefix + "data/" + ref.key);
      if (e == null) {
        throw new IOException("storage " + ref.key + " of " + what + " is missing");
      }
      int el = TensorData.dtypeSize(ref.dtype);
      long declared = ref.numel * el; // numel ≤ MAX_ARRAY_BYTES, checked in the pickle
      if (e.getSize() != declared) {
        throw new IOException(
            "storage "
                + ref.key
                + " of "
                + what
                + " is "
                + e.getSize()
                + " bytes, but the pickle declares "
                + ref.numel
                + " "
                + ref.dtype
                + " elements ("
                + declared
                + " bytes)");
      }
      b =
          readEntry(
              zip, e, MemoryBudget.MAX_ARRAY_BYTES, "storage " + ref.key + " of " + what, fileSize);
      storages.put(ref.key, b);
      return b;
    }

    /** Gathers the strided view into row-major order; a contiguous view is one copy. */
    private static void copy(TensorRef t, byte[] storage, int el, byte[] data) {
      long numel = t.numel();
      if (numel == 0) {
        return;
      }
      long[] shape = t.shape;
      boolean contiguous = true;
      long expected = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (shape[d] != 1 && t.strides[d] != expected) {
          contiguous = false;
        }
        expected *= shape[d];
      }
      if (contiguous) {
        System.arraycopy(storage, (int) (t.offset * el), data, 0, data.length);
        return;
      }
      long[] index = new long[shape.length];
      for (long n = 0; n < numel; n++) {
        long src = t.offset;
        for (int d = 0; d < shape.length; d++) {
          src += index[d] * t.strides[d];
        }
        System.arraycopy(storage, (int) (src * el), data, (int) (n * el), el);
        for (int d = shape.length - 1; d >= 0; d--) {
          if (++index[d] < shape[d]) {
            break;
          }
          index[d] = 0;
        }
      }
    }
  }

  /** The pickle virtual machine, restricted. */
  private static final class Machine {
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int objects;

    Machine(byte[] pickle) {
      this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    Object run() throws IOException {
      try {
        while (true) {
          int at = in.position();
          int op = in.get() & 0xff;
          switch (op) {
            case 0x80 -> in.get(); // PROTO
            case 0x95 -> in.getLong(); // FRAME
            case '.' -> { // STOP
              Object result = pop();
              if (!stack.isEmpty() || !marks.isEmpty()) {
                throw new IOException("malformed pickle (values left on its stack at the end)");
              }
              return result;
            }
            case '(' -> {
              count();
              marks.add(stack.size());
            }
            case '}' -> push(new LinkedHashMap<Object, Object>());
            case ']' -> push(new ArrayList<Object>());
            case ')' -> push(new Tuple(List.of()));
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'K' -> push((long) (in.get() & 0xff));
            case 'M' -> push((long) (in.getShort() & 0xffff));
            case 'J' -> push((long) in.getInt());
            case 0x8a -> push(long1());
            case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
            case 'X' -> push(string(Integer.toUnsignedLong(in.getInt())));
            case 0x8c -> push(string(in.get() & 0xff));
            case 'q' -> remember(in.get() & 0xff);
            case 'r' -> remember(Integer.toUnsignedLong(in.getInt()));
            case 0x94 -> remember(memo.size());
            case 'h' -> push(memo(in.get() & 0xff));
            case 'j' -> push(memo(Integer.toUnsignedLong(in.getInt())));
            case 't' -> push(new Tuple(Collections.unmodifiableList(popMark())));
            case 0x85 -> push(tuple(1));
            case 0x86 -> push(tuple(2));
            case 0x87 -> push(tuple(3));
            case 'c' -> push(global(line() + "." + line()));
            case 0x93 -> {
              Object name = pop();
              Object module = pop();
              if (!(name instanceof String n) || !(module instanceof String m)) {
                throw new IOException("malformed pickle (STACK_GLOBAL needs two strings)");
              }
              push(global(m + "." + n));
            }
            case 'Q' -> push(persistent(pop()));
            case 'R' -> {
              Object args = pop();
              Object fn = pop();
              if (!(args instanceof Tuple t)) {
                throw new IOException("malformed pickle (REDUCE needs an argument tuple)");
              }
              push(call(fn, t.items()));
            }
            case 's' -> {
              Object v = pop();
              Object k = pop();
              put(dict(top()), k, v);
            }
            case 'u' -> {
              List<Object> items = popMark();
              Map<Object, Object> d = dict(top());
              if (items.size() % 2 != 0) {
                throw new IOException("malformed pickle (SETITEMS with an odd number of items)");
              }
              for (int i = 0; i + 1 < items.size(); i += 2) {
                put(d, items.get(i), items.get(i + 1));
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
            case 'b' -> { // BUILD: object state (OrderedDict._metadata); not needed
              pop();
              top();
            }
            default ->
                throw new IOException(
                    String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
          }
        }
      } catch (java.nio.BufferUnderflowException e) {
        throw new IOException("malformed pickle (it ends without a STOP)");
      }
    }

    private void push(Object o) throws IOException {
      count();
      stack.add(o);
    }

    private void count() throws IOException {
      if (++objects > MAX_OBJECTS) {
        throw new IOException(
            "malformed pickle (it makes more than " + MAX_OBJECTS + " values; no state_dict does)");
      }
    }

    private void remember(long key) throws IOException {
      count();
      memo.put(key, top());
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

    private Object call(Object fn, List<Object> args) throws IOException {
      if (!(fn instanceof Global g)) {
        throw new IOException("refusing to call a " + describe(fn));
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
    private TensorRef tensor(List<Object> args) throws IOException {
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

    private long long1() throws IOException {
      int n = in.get() & 0xff;
      if (n > 8) {
        throw new IOException("malformed pickle (an integer of " + n + " bytes; at most 8 fit)");
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        v |= (long) (in.get() & 0xff) << (8 * i);
      }
      if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
        v -= 1L << (8 * n);
      }
      return v;
    }

    private String string(long length) throws IOException {
      if (length > in.remaining()) {
        throw new IOException(
            "malformed pickle (a string of "
                + length
                + " bytes where "
                + in.remaining()
                + " remain)");
      }
      byte[] b = new byte[(int) length];
      in.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (byte b = in.get(); b != '\n'; b = in.get()) {
        if (sb.length() >= 256) {
          throw new IOException("malformed pickle (a global name longer than 256 characters)");
        }
        sb.append((char) (b & 0xff));
      }
      return sb.toString();
    }

    private Object memo(long key) throws IOException {
      if (!memo.containsKey(key)) {
        throw new IOException("malformed pickle (memo " + key + " unset)");
      }
      return memo.get(key);
    }

    private Object pop() throws IOException {
      int floor = marks.isEmpty() ? 0 : marks.getLast();
      if (stack.size() <= floor) {
        throw new IOException("malformed pickle (its stack runs empty)");
      }
      return stack.removeLast();
    }

    private Object top() throws IOException {
      int floor = marks.isEmpty() ? 0 : marks.getLast();
      if (stack.size() <= floor) {
        throw new IOException("malformed pickle (its stack runs empty)");
      }
      return stack.getLast();
    }

    private Tuple tuple(int n) throws IOException {
      Object[] items = new Object[n];
      for (int i = n - 1; i >= 0; i--) {
        items[i] = pop();
      }
      return new Tuple(Collections.unmodifiableList(Arrays.asList(items)));
    }

    /** The items above the last mark, removed from the stack; linear in their number. */
    private List<Object> popMark() throws IOException {
      if (marks.isEmpty()) {
        throw new IOException("malformed pickle (no mark to pop to)");
      }
      int from = marks.removeLast();
      List<Object> tail = stack.subList(from, stack.size());
      List<Object> items = new ArrayList<>(tail);
      tail.clear();
      return items;
    }

    private static void put(Map<Object, Object> d, Object k, Object v) throws IOException {
      if (!hashable(k, 0)) {
        throw new IOException("malformed pickle (a dict key of type " + describe(k) + ")");
      }
      d.put(k, v);
    }

    /** Python's rule: str, int, float, bool, None and tuples of them may be keys. */
    private static boolean hashable(Object k, int depth) {
      return switch (k) {
        case null -> true;
        case String s -> true;
        case Long l -> true;
        case Double d -> true;
        case Boolean b -> true;
        case Tuple(List<Object> items) -> {
          if (depth >= MAX_NESTING) {
            yield false;
          }
          for (Object o : items) {
            if (!hashable(o, depth + 1)) {
              yield false;
            }
          }
          yield true;
        }
        default -> false;
      };
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws IOException {
      if (!(o instanceof Map<?, ?>)) {
        throw new IOException("malformed pickle (SETITEM on a " + describe(o) + ")");
      }
      return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws IOException {
      if (!(o instanceof ArrayList<?>)) {
        throw new IOException("malformed pickle (APPEND to a " + describe(o) + ")");
      }
      return (List<Object>) o;
    }
  }
}
