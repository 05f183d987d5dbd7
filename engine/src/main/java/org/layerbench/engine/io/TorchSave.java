package org.layerbench.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state_dict as {@code torch.save} writes it (PyTorch ≥ 1.6's zip format): an uncompressed
 * zip whose records are {@code archive/data.pkl} (the pickle, protocol 2), {@code
 * archive/byteorder}, one {@code archive/data/<key>} per tensor storage, and {@code
 * archive/version}; every record's data starts at a multiple of 64 bytes, padded through an {@code
 * FB} extra field as PyTorch's {@code PyTorchStreamWriter} does ({@code
 * caffe2/serialize/inline_container.cc}, {@code getPadding}).
 *
 * <p>The pickle uses only what {@code torch.load(weights_only=True)} allows in torch 1.13 and 2.x
 * ({@code torch/_weights_only_unpickler.py}): {@code collections.OrderedDict}, {@code
 * torch._utils._rebuild_tensor_v2}, the typed storage classes, and the opcodes PROTO, GLOBAL,
 * EMPTY_TUPLE, MARK, TUPLE, BINUNICODE, BININT1/2, BININT, LONG1, NEWFALSE, BINPERSID, REDUCE,
 * SETITEMS and STOP. {@link TorchPickle} reads it back.
 */
public final class TorchSave {
  private static final int ALIGNMENT = 64;
  private static final String ARCHIVE = "archive/";

  private static final Map<String, String> STORAGES =
      Map.of(
          "F32", "FloatStorage",
          "F64", "DoubleStorage",
          "F16", "HalfStorage",
          "BF16", "BFloat16Storage",
          "I64", "LongStorage",
          "I32", "IntStorage",
          "U8", "ByteStorage",
          "BOOL", "BoolStorage");

  private TorchSave() {}

  /** Writes the tensors, in the map's order, atomically to {@code target}. */
  public static void write(Path target, SequencedMap<String, TensorData> tensors)
      throws IOException {
    AtomicFiles.write(target, out -> writeTo(out, tensors));
  }

  /** Writes the file's bytes to a stream. */
  public static void writeTo(OutputStream out, SequencedMap<String, TensorData> tensors)
      throws IOException {
    Counting counting = new Counting(out);
    ZipOutputStream zip = new ZipOutputStream(counting, StandardCharsets.UTF_8);
    zip.setMethod(ZipOutputStream.STORED);
    record(zip, counting, "data.pkl", pickle(tensors));
    record(zip, counting, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    int key = 0;
    for (TensorData t : tensors.values()) {
      record(zip, counting, "data/" + key++, t.data());
    }
    record(zip, counting, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    zip.finish();
    zip.flush();
  }

  private static void record(ZipOutputStream zip, Counting counting, String name, byte[] data)
      throws IOException {
    String full = ARCHIVE + name;
    ZipEntry e = new ZipEntry(full);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTime(315532800000L); // 1980-01-01, the zip epoch: same bytes for the same tensors
    // Local header: 30 bytes, the name, then the extra field. PyTorch's padding record is
    // 'F' 'B' <u16 length> followed by that many 'Z's, and is always present.
    int nameBytes = full.getBytes(StandardCharsets.UTF_8).length;
    long start = counting.count + 30 + nameBytes + 4;
    int padding = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
    byte[] extra = new byte[4 + padding];
    extra[0] = 'F';
    extra[1] = 'B';
    extra[2] = (byte) padding;
    extra[3] = (byte) (padding >>> 8);
    java.util.Arrays.fill(extra, 4, extra.length, (byte) 'Z');
    e.setExtra(extra);
    zip.putNextEntry(e);
    if (counting.count % ALIGNMENT != 0) {
      throw new IllegalStateException("zip record " + full + " is not 64-byte aligned");
    }
    zip.write(data);
    zip.closeEntry();
  }

  /** The state_dict as PyTorch pickles it: OrderedDict(key → _rebuild_tensor_v2(...)). */
  static byte[] pickle(SequencedMap<String, TensorData> tensors) {
    Pickler p = new Pickler();
    p.op(0x80).op(2); // PROTO 2
    p.global("collections", "OrderedDict").op(')').op('R');
    p.op('(');
    int key = 0;
    for (var entry : tensors.entrySet()) {
      TensorData t = entry.getValue();
      String storage = STORAGES.get(t.dtype());
      p.string(entry.getKey());
      p.global("torch._utils", "_rebuild_tensor_v2");
      p.op('('); // the arguments
      p.op('(').string("storage").global("torch", storage);
      p.string(Integer.toString(key++)).string("cpu").integer(t.numel()).op('t').op('Q');
      p.integer(0); // storage offset
      long[] shape = t.shape();
      p.op('(');
      for (long d : shape) {
        p.integer(d);
      }
      p.op('t');
      p.op('(');
      for (long s : strides(shape)) {
        p.integer(s);
      }
      p.op('t');
      p.op(0x89); // requires_grad=False
      p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
      p.op('t').op('R');
    }
    p.op('u').op('.');
    return p.bytes();
  }

  /** Row-major (contiguous) strides of a shape, in elements. */
  static List<Long> strides(long[] shape) {
    List<Long> strides = new ArrayList<>();
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides.add(0, s);
      s *= Math.max(shape[i], 1);
    }
    return strides;
  }

  private static final class Pickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickler op(int code) {
      out.write(code);
      return this;
    }

    Pickler global(String module, String name) {
      op('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickler string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      le(b.length, 4);
      out.writeBytes(b);
      return this;
    }

    Pickler integer(long v) {
      if (v >= 0 && v < 0x100) {
        op('K').le(v, 1);
      } else if (v >= 0 && v < 0x10000) {
        op('M').le(v, 2);
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op('J').le(v, 4);
      } else {
        op(0x8a).op(8).le(v, 8); // LONG1: 8 little-endian two's-complement bytes
      }
      return this;
    }

    private Pickler le(long v, int bytes) {
      for (int i = 0; i < bytes; i++) {
        out.write((int) (v >>> (8 * i)) & 0xff);
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** Counts the bytes that reach the stream, to place each record's data on a 64-byte boundary. */
  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
