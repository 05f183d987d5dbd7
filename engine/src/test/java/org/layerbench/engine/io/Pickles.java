package org.layerbench.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes pickles opcode by opcode, and torch.save-style zips around them, so tests can craft the
 * {@code .pt} files that torch.save would never write (a stride of 0 over 2^28 elements, a storage
 * that declares more than it holds, sizes that overflow) without Python. Opcodes are the ones
 * torch.save uses with pickle protocol 2; see Python's {@code pickletools} for their meaning.
 */
final class Pickles {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Pickles() {
    op(0x80).op(2); // PROTO 2
  }

  Pickles op(int code) {
    out.write(code);
    return this;
  }

  Pickles raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** GLOBAL module.name (opcode 'c'). */
  Pickles global(String module, String name) {
    op('c');
    return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** BINUNICODE. */
  Pickles str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X').le(b.length, 4);
    return raw(b);
  }

  /** BININT (4 bytes) or LONG1 with 8 bytes for anything outside an int. */
  Pickles integer(long v) {
    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      return op('J').le(v, 4);
    }
    return op(0x8a).op(8).le(v, 8);
  }

  /** BINFLOAT (big-endian, as pickle writes it). */
  Pickles real(double v) {
    op('G');
    long bits = Double.doubleToLongBits(v);
    for (int i = 7; i >= 0; i--) {
      out.write((int) (bits >>> (8 * i)) & 0xff);
    }
    return this;
  }

  Pickles mark() {
    return op('(');
  }

  /** TUPLE: everything since the last mark. */
  Pickles tuple() {
    return op('t');
  }

  /** A tuple of integers, with its own mark. */
  Pickles ints(long... values) {
    mark();
    for (long v : values) {
      integer(v);
    }
    return tuple();
  }

  /** OrderedDict() built as torch.save does: GLOBAL, EMPTY_TUPLE, REDUCE. */
  Pickles orderedDict() {
    return global("collections", "OrderedDict").op(')').op('R');
  }

  /**
   * _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) with the storage's
   * persistent id ('storage', torch.{type}, key, 'cpu', numel).
   */
  Pickles tensor(
      String storageType, String key, long numel, long offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2");
    mark();
    mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple();
    op('Q');
    integer(offset);
    ints(size);
    ints(stride);
    op(0x89); // False
    orderedDict();
    tuple();
    return op('R');
  }

  /** SETITEMS over what follows a mark: use as mark(), key, value, ..., setItems(). */
  Pickles setItems() {
    return op('u');
  }

  Pickles stop() {
    return op('.');
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private Pickles le(long v, int n) {
    for (int i = 0; i < n; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  /** A state_dict of one F32 tensor "w" viewing storage "0" of {@code numel} floats. */
  static byte[] oneTensor(long numel, long offset, long[] size, long[] stride) {
    return new Pickles()
        .orderedDict()
        .mark()
        .str("w")
        .tensor("FloatStorage", "0", numel, offset, size, stride)
        .setItems()
        .stop()
        .bytes();
  }

  /** A torch.save-style zip: archive/data.pkl, archive/data/KEY per storage, archive/version. */
  static void zip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      stored(zip, "archive/data.pkl", pickle);
      for (var e : storages.entrySet()) {
        stored(zip, "archive/data/" + e.getKey(), e.getValue());
      }
      stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  static void zip(Path file, byte[] pickle, String key, byte[] storage) throws IOException {
    Map<String, byte[]> storages = new LinkedHashMap<>();
    storages.put(key, storage);
    zip(file, pickle, storages);
  }

  /** Like {@link #zip} but storage "0" is {@code zeros} zero bytes, deflated (a zip bomb). */
  static void zipWithDeflatedZeros(Path file, byte[] pickle, long zeros) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      stored(zip, "archive/data.pkl", pickle);
      zip.setLevel(Deflater.BEST_COMPRESSION);
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      byte[] block = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= block.length) {
        zip.write(block, 0, (int) Math.min(block.length, left));
      }
      zip.closeEntry();
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
