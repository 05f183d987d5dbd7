package org.layerbench.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pickle virtual machine, restricted to the opcodes a state_dict's {@code data.pkl} uses and
 * bounded in what it makes ({@link #MAX_OBJECTS}). It creates no object of its own choosing:
 * globals, persistent ids and calls go to {@link TorchRebuild}, which allows only what {@code
 * torch.load(weights_only=True)} allows. Every refusal is an {@link IOException} with one line.
 */
final class PickleMachine {
  /**
   * Values (containers, strings, numbers, stack slots, memo entries, marks) the pickle may make:
   * far above any state_dict's (some twenty per tensor), and a bound on the heap a pickle can take.
   */
  static final int MAX_OBJECTS = 2_000_000;

  private static final int MAX_NESTING = 100;

  /** A global the file names; only allowed ones are ever created. */
  record Global(String name) {}

  /** A Python tuple: immutable, hashable when its items are. */
  record Tuple(List<Object> items) {}

  private final ByteBuffer in;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int objects;

  PickleMachine(byte[] pickle) {
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
            return stop();
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
          case 'c' -> push(TorchRebuild.global(line() + "." + line()));
          case 0x93 -> stackGlobal();
          case 'Q' -> push(TorchRebuild.persistent(pop()));
          case 'R' -> reduce();
          case 's' -> setItem();
          case 'u' -> setItems();
          case 'a' -> append();
          case 'e' -> appends();
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

  /** STOP: the one value left is the result. */
  private Object stop() throws IOException {
    Object result = pop();
    if (!stack.isEmpty() || !marks.isEmpty()) {
      throw new IOException("malformed pickle (values left on its stack at the end)");
    }
    return result;
  }

  /** STACK_GLOBAL: module and name from the stack. */
  private void stackGlobal() throws IOException {
    Object name = pop();
    Object module = pop();
    if (!(name instanceof String n) || !(module instanceof String m)) {
      throw new IOException("malformed pickle (STACK_GLOBAL needs two strings)");
    }
    push(TorchRebuild.global(m + "." + n));
  }

  /** REDUCE: calls an allowed global with an argument tuple. */
  private void reduce() throws IOException {
    Object args = pop();
    Object fn = pop();
    if (!(args instanceof Tuple t)) {
      throw new IOException("malformed pickle (REDUCE needs an argument tuple)");
    }
    push(TorchRebuild.call(fn, t.items()));
  }

  private void setItem() throws IOException {
    Object v = pop();
    Object k = pop();
    put(dict(top()), k, v);
  }

  private void setItems() throws IOException {
    List<Object> items = popMark();
    Map<Object, Object> d = dict(top());
    if (items.size() % 2 != 0) {
      throw new IOException("malformed pickle (SETITEMS with an odd number of items)");
    }
    for (int i = 0; i + 1 < items.size(); i += 2) {
      put(d, items.get(i), items.get(i + 1));
    }
  }

  private void append() throws IOException {
    Object v = pop();
    list(top()).add(v);
  }

  private void appends() throws IOException {
    List<Object> items = popMark();
    list(top()).addAll(items);
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

  /** A short name for a pickled value in messages; never prints contents (they may be cyclic). */
  static String describe(Object o) {
    return switch (o) {
      case null -> "None";
      case String s -> "str";
      case Long l -> "int";
      case Double d -> "float";
      case Boolean b -> "bool";
      case Tuple t -> "tuple";
      case List<?> l -> "list";
      case Map<?, ?> m -> "dict";
      case TorchRebuild.TensorRef t -> "tensor";
      case Global g -> g.name();
      default -> o.getClass().getSimpleName();
    };
  }
}
