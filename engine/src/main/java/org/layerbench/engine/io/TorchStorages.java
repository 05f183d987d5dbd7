package org.layerbench.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.layerbench.engine.io.TorchRebuild.StorageRef;
import org.layerbench.engine.io.TorchRebuild.TensorRef;

/**
 * The zip side of a {@code torch.save} file: reads entries within their declared sizes (refusing
 * zip bombs and entries larger than the file), and copies out the tensors that are kept from their
 * storages, within the file's ({@link #MAX_EXPANSION}) and the heap's budget.
 */
final class TorchStorages {
  /** Tensors may take at most this many times the file's bytes (tied weights view one storage). */
  static final int MAX_EXPANSION = 4;

  /** ... plus this, so small files with a few shared views are never refused. */
  static final long EXPANSION_SLACK = 64L << 20;

  /** A storage entry deflated beyond this ratio is a zip bomb: torch.save stores them as is. */
  private static final long MAX_DEFLATE_RATIO = 32;

  private final ZipFile zip;
  private final String prefix;
  private final long budget;
  private final long fileSize;
  private final Map<String, byte[]> storages = new HashMap<>();
  private final Map<TensorRef, TensorData> done = new IdentityHashMap<>();
  private long total;

  TorchStorages(ZipFile zip, String prefix, long fileSize) {
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
    int el = TensorData.dtypeSize(t.storage().dtype());
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
              + t.storage().dtype()
              + " "
              + Arrays.toString(t.shape())
              + ", "
              + MemoryBudget.size(bytes)
              + ") brings the tensors to "
              + MemoryBudget.size(total)
              + ", more than "
              + MAX_EXPANSION
              + "× the file's size"
              + (Arrays.stream(t.strides()).anyMatch(s -> s == 0)
                  ? " (a stride of 0 repeats its storage's elements)"
                  : "")
              + "; refusing it");
    }
    byte[] storage = t.numel() == 0 ? new byte[0] : storage(t.storage(), what);
    MemoryBudget.require(bytes, what);
    byte[] data = new byte[(int) bytes];
    copy(t, storage, el, data);
    TensorData out = new TensorData(t.storage().dtype(), t.shape(), data);
    done.put(t, out);
    return out;
  }

  private byte[] storage(StorageRef ref, String what) throws IOException {
    byte[] b = storages.get(ref.key());
    if (b != null) {
      return b;
    }
    ZipEntry e = zip.getEntry(prefix + "data/" + ref.key());
    if (e == null) {
      throw new IOException("storage " + ref.key() + " of " + what + " is missing");
    }
    int el = TensorData.dtypeSize(ref.dtype());
    long declared = ref.numel() * el; // numel ≤ MAX_ARRAY_BYTES, checked in the pickle
    if (e.getSize() != declared) {
      throw new IOException(
          "storage "
              + ref.key()
              + " of "
              + what
              + " is "
              + e.getSize()
              + " bytes, but the pickle declares "
              + ref.numel()
              + " "
              + ref.dtype()
              + " elements ("
              + declared
              + " bytes)");
    }
    b =
        readEntry(
            zip, e, MemoryBudget.MAX_ARRAY_BYTES, "storage " + ref.key() + " of " + what, fileSize);
    storages.put(ref.key(), b);
    return b;
  }

  /** Gathers the strided view into row-major order; a contiguous view is one copy. */
  private static void copy(TensorRef t, byte[] storage, int el, byte[] data) {
    long numel = t.numel();
    if (numel == 0) {
      return;
    }
    long[] shape = t.shape();
    boolean contiguous = true;
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && t.strides()[d] != expected) {
        contiguous = false;
      }
      expected *= shape[d];
    }
    if (contiguous) {
      System.arraycopy(storage, (int) (t.offset() * el), data, 0, data.length);
      return;
    }
    long[] index = new long[shape.length];
    for (long n = 0; n < numel; n++) {
      long src = t.offset();
      for (int d = 0; d < shape.length; d++) {
        src += index[d] * t.strides()[d];
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

  /** Reads a whole entry of at most {@code cap} bytes, refusing what would not fit. */
  static byte[] readEntry(ZipFile zip, ZipEntry e, long cap, String what, long fileSize)
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
}
