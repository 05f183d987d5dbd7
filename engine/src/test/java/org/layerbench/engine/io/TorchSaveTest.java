package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.io.export.Python;

/**
 * {@link TorchSave} writes what {@code torch.save} writes: PyTorch's own {@code
 * torch.load(weights_only=True)} reads it (torch 1.13 here; the allowlist of
 * torch/_weights_only_unpickler.py), every dtype comes back bit for bit, and every record's data
 * starts on a 64-byte boundary as PyTorchStreamWriter aligns it.
 */
class TorchSaveTest {
  @TempDir Path dir;

  private static SequencedMap<String, TensorData> tensors() {
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put(
        "conv.weight",
        TensorData.ofFloats(
            new long[] {2, 1, 2, 2}, new float[] {1, -2, 3.5f, 4, 5, 6, 7, Float.MIN_VALUE}));
    t.put("bn.num_batches_tracked", TensorData.ofLongs(new long[] {}, new long[] {1L << 40}));
    t.put("fc.bias", TensorData.ofFloats(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}));
    t.put("f64", new TensorData("F64", new long[] {2}, bytes(16, 1)));
    t.put("i32", new TensorData("I32", new long[] {2, 2}, bytes(16, 2)));
    t.put("u8", new TensorData("U8", new long[] {5}, bytes(5, 3)));
    t.put("bool", new TensorData("BOOL", new long[] {2}, new byte[] {0, 1}));
    t.put("f16", new TensorData("F16", new long[] {3}, bytes(6, 4)));
    t.put("bf16", new TensorData("BF16", new long[] {1, 2}, bytes(4, 5)));
    t.put("empty", TensorData.ofFloats(new long[] {0, 4}, new float[0]));
    t.put("naïve.κλειδί", TensorData.ofFloats(new long[] {1}, new float[] {9}));
    return t;
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i * 7);
    }
    if (seed == 3 || seed == 4 || seed == 5) {
      return b; // any bits are valid for these
    }
    // F64 / I32: keep them finite and plain
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 8 <= n && seed == 1; i += 8) {
      bb.putDouble(i, Math.PI * (i + 1));
    }
    return b;
  }

  @Test
  void readsBackBitwiseThroughTheRestrictedUnpickler() throws Exception {
    Path file = dir.resolve("sd.pt");
    TorchSave.write(file, tensors());
    var back = TorchPickle.read(file);
    assertThat(back.keySet()).containsExactlyElementsOf(tensors().keySet());
    tensors().forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
  }

  @Test
  void everyRecordsDataIsAlignedTo64Bytes() throws Exception {
    Path file = dir.resolve("sd.pt");
    TorchSave.write(file, tensors());
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int records = 0;
    for (int pos = 0; b.getInt(pos) == 0x04034b50; records++) {
      int size = b.getInt(pos + 18);
      int name = Short.toUnsignedInt(b.getShort(pos + 26));
      int extra = Short.toUnsignedInt(b.getShort(pos + 28));
      int data = pos + 30 + name + extra;
      assertThat(data % 64).as("record %d", records).isZero();
      pos = data + size;
    }
    assertThat(records).isEqualTo(tensors().size() + 3); // data.pkl, byteorder, version
  }

  @Test
  void torchLoadsItWithWeightsOnlyAndGetsTheSameBytes() throws Exception {
    var lookup = Python.find();
    assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Path file = dir.resolve("sd.pt");
    TorchSave.write(file, tensors());
    String script =
        """
        import hashlib, sys, torch
        sd = torch.load(sys.argv[1], weights_only=True)
        print(type(sd).__name__)
        for k, v in sd.items():
            flat = v.reshape(-1).contiguous()
            raw = flat.to(torch.uint8) if v.dtype == torch.bool else flat.view(torch.uint8)
            data = bytes(raw.tolist())
            print(k, str(v.dtype).replace("torch.", ""), list(v.shape), hashlib.sha256(data).hexdigest())
        """;
    Path py = dir.resolve("check.py");
    Files.writeString(py, script);
    Python.Result r =
        lookup.python().get().run(dir, Duration.ofMinutes(2), py.toString(), file.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    var lines = r.stdout().strip().lines().toList();
    assertThat(lines.getFirst()).isEqualTo("OrderedDict");
    var expected = new java.util.ArrayList<String>();
    var dtypes =
        java.util.Map.of(
            "F32",
            "float32",
            "I64",
            "int64",
            "F64",
            "float64",
            "I32",
            "int32",
            "U8",
            "uint8",
            "BOOL",
            "bool",
            "F16",
            "float16",
            "BF16",
            "bfloat16");
    for (var e : tensors().entrySet()) {
      long[] shape = e.getValue().shape();
      expected.add(
          e.getKey()
              + " "
              + dtypes.get(e.getValue().dtype())
              + " "
              + java.util.Arrays.toString(shape)
              + " "
              + HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue().data())));
    }
    assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
  }
}
