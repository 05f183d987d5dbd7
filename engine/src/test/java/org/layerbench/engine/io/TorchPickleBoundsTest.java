package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .pt} reader checks what a file declares before it allocates (issue 20): the files of
 * the issue are crafted here opcode by opcode ({@link Pickles}), each refused with one line and no
 * OutOfMemoryError; checkpoint dicts saved by torch 1.13 ({@code gen_checkpoints.py}) are unwrapped
 * and say so.
 */
class TorchPickleBoundsTest {
  @TempDir Path dir;

  private Path pt(byte[] pickle, byte[] storage) throws IOException {
    Path file = dir.resolve("crafted.pt");
    Pickles.zip(file, pickle, "0", storage);
    return file;
  }

  @Test
  void aStrideOfZeroCannotTurnA101KbFileIntoAGibibyte() throws Exception {
    // 25,856 floats of storage (101 KiB); the tensor views element 0 2^28 times
    Path file =
        pt(
            Pickles.oneTensor(25_856, 0, new long[] {1 << 14, 1 << 14}, new long[] {0, 0}),
            new byte[25_856 * 4]);
    assertThat(Files.size(file)).isBetween(100_000L, 110_000L);
    assertThatThrownBy(() -> TorchPickle.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tensor 'w' (F32 [16384, 16384], 1.0 GiB)")
        .hasMessageContaining("a stride of 0 repeats its storage's elements")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void a1Point6MbFileWhoseStorageInflatesTo1Point5GibIsRefusedBeforeItIsRead() throws Exception {
    long bytes = 3L << 29; // 1.5 GiB of zeros, deflated (torch.save never deflates) to 1.6 MB
    long numel = bytes / 4;
    Path file = dir.resolve("bomb.pt");
    Pickles.zipWithDeflatedZeros(
        file, Pickles.oneTensor(numel, 0, new long[] {numel}, new long[] {1}), bytes);
    assertThat(Files.size(file)).isBetween(1_500_000L, 1_700_000L);
    assertThatThrownBy(() -> TorchPickle.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "tensor 'w' (F32 [402653184], 1.5 GiB) brings the tensors to 1.5 GiB, more than 4×"
                + " the file's size");
  }

  @Test
  void aStorageThatIsAZipBombIsRefusedEvenForASmallView() throws Exception {
    long bytes = 128L << 20; // deflated to 128 KB; torch.save stores storages uncompressed
    Path view = dir.resolve("view.pt");
    Pickles.zipWithDeflatedZeros(
        view, Pickles.oneTensor(bytes / 4, 0, new long[] {4}, new long[] {1}), bytes);
    assertThatThrownBy(() -> TorchPickle.read(view))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("storage 0 of tensor 'w' inflates from ")
        .hasMessageContaining(" to 128 MiB (a zip bomb?)");
  }

  @Test
  void aStorageThatDeclaresMoreThanItHoldsIsRefused() throws Exception {
    long numel = 3L << 27; // 1.5 GiB of floats declared, 16 bytes stored
    Path file = pt(Pickles.oneTensor(numel, 0, new long[] {4}, new long[] {1}), new byte[16]);
    assertThatThrownBy(() -> TorchPickle.read(file))
        .hasMessageContaining(
            "storage 0 of tensor 'w' is 16 bytes, but the pickle declares 402653184 F32 elements");
  }

  @Test
  void sizesStridesAndOffsetsAreCheckedAgainstTheStorage() throws Exception {
    byte[] storage = new byte[64];
    assertRefused(
        pt(Pickles.oneTensor(16, 0, new long[] {1L << 62, 4}, new long[] {4, 1}), storage),
        "whose element count or extent overflows");
    assertRefused(
        pt(Pickles.oneTensor(16, 0, new long[] {-1, 4}, new long[] {4, 1}), storage),
        "has a size that is not a list of non-negative integers");
    assertRefused(
        pt(Pickles.oneTensor(16, 0, new long[] {4, 4}, new long[] {-4, 1}), storage),
        "has a stride that is not a list of non-negative integers");
    assertRefused(
        pt(Pickles.oneTensor(16, -3, new long[] {4, 4}, new long[] {4, 1}), storage),
        "has a negative storage offset -3");
    assertRefused(
        pt(Pickles.oneTensor(16, 1, new long[] {4, 4}, new long[] {4, 1}), storage),
        "reaches element 16 of a storage of 16");
    assertRefused(
        pt(Pickles.oneTensor(16, 0, new long[] {4, 4}, new long[] {4}), storage),
        "has 2 sizes and 1 strides");
    assertRefused(
        pt(Pickles.oneTensor(-1, 0, new long[] {4}, new long[] {1}), storage),
        "storage 0 declares -1 elements");
    assertRefused(
        pt(Pickles.oneTensor(Long.MAX_VALUE, 0, new long[] {4}, new long[] {1}), storage),
        "which no storage can hold");
    // the view of a stride of 0 over 4 elements is fine: 16 elements of 4 bytes
    var ok =
        TorchPickle.read(
            pt(Pickles.oneTensor(16, 0, new long[] {4, 4}, new long[] {0, 1}), storage));
    assertThat(ok.get("w").shape()).containsExactly(4, 4);
  }

  @Test
  void malformedPickleOperandsAreRefused() throws Exception {
    byte[] storage = new byte[64];
    // BINUNICODE of 4 GiB - 1 bytes in a pickle of a few bytes
    assertRefused(
        pt(new Pickles().op('X').raw(new byte[] {-1, -1, -1, -1}).stop().bytes(), storage),
        "a string of 4294967295 bytes where 1 remain");
    // LONG1 of 9 bytes: no long holds it
    assertRefused(
        pt(new Pickles().op(0x8a).op(9).raw(new byte[9]).stop().bytes(), storage),
        "an integer of 9 bytes");
    // a list that holds itself, used as a dict key: Python refuses it (unhashable), so do we,
    // rather than overflow the stack hashing it
    assertRefused(
        pt(
            new Pickles()
                .op('}')
                .op(']')
                .op('q')
                .op(0)
                .op('h')
                .op(0)
                .op('a')
                .op('N')
                .op('s')
                .stop()
                .bytes(),
            storage),
        "a dict key of type list");
    assertRefused(pt(new Pickles().op('u').stop().bytes(), storage), "no mark to pop to");
    assertRefused(pt(new Pickles().op('.').bytes(), storage), "its stack runs empty");
    // BINFLOAT must not switch the byte order of what follows (it did: BININT then read big-endian)
    var ok =
        TorchPickle.load(
            pt(
                new Pickles()
                    .op('}')
                    .mark()
                    .str("lr")
                    .real(0.5)
                    .str("state_dict")
                    .orderedDict()
                    .mark()
                    .str("w")
                    .tensor("FloatStorage", "0", 16, 0, new long[] {2, 8}, new long[] {8, 1})
                    .setItems()
                    .setItems()
                    .stop()
                    .bytes(),
                storage));
    assertThat(ok.tensors().get("w").shape()).containsExactly(2, 8);
  }

  private static void assertRefused(Path file, String message) {
    assertThatThrownBy(() -> TorchPickle.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("\n");
  }

  @Test
  void aCheckpointDictIsUnwrappedAndSaysSo() throws Exception {
    byte[] storage = new byte[16];
    Path file =
        pt(
            new Pickles()
                .op('}')
                .mark()
                .str("epoch")
                .integer(3)
                .str("state_dict")
                .orderedDict()
                .mark()
                .str("fc.weight")
                .tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})
                .setItems()
                .setItems()
                .stop()
                .bytes(),
            storage);
    var contents = TorchPickle.load(file);
    assertThat(contents.tensors()).containsOnlyKeys("fc.weight");
    assertThat(contents.note())
        .isEqualTo(
            "a checkpoint (entries: epoch, state_dict), not a bare state_dict; the 1 tensors of"
                + " its 'state_dict' entry were read");
    assertThat(StateDictFiles.load(file).note()).isEqualTo(contents.note());
  }

  /** torch 1.13's own files: a state_dict with views, and the checkpoints training scripts save. */
  @Test
  void torchSavedCheckpointsAreUnwrapped() throws Exception {
    assumeTrue(TorchFiles.generate(dir), "the reference PyTorch is not installed");
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    for (String name : new String[] {"state_dict.pt", "checkpoint.pt", "model_key.pt"}) {
      var contents = TorchPickle.load(dir.resolve(name));
      JsonNode want = expected.get(name);
      assertThat(contents.tensors().keySet()).as(name).hasSize(want.size());
      for (var e : want.properties()) {
        TensorData t = contents.tensors().get(e.getKey());
        assertThat(t).as(name + " " + e.getKey()).isNotNull();
        assertThat(t.dtype()).isEqualTo(e.getValue().get(0).asText());
        assertThat(t.shape().length).isEqualTo(e.getValue().get(1).size());
        assertThat(sum(t))
            .as(e.getKey())
            .isCloseTo(e.getValue().get(2).asDouble(), org.assertj.core.data.Offset.offset(1e-3));
      }
    }
    assertThat(TorchPickle.load(dir.resolve("state_dict.pt")).note()).isNull();
    assertThat(TorchPickle.load(dir.resolve("checkpoint.pt")).note())
        .startsWith("a checkpoint (entries: epoch, state_dict, optimizer, lr, history)")
        .endsWith("the 9 tensors of its 'state_dict' entry were read");
    assertThat(TorchPickle.load(dir.resolve("model_key.pt")).note())
        .endsWith("of its 'model' entry were read");
    assertThatThrownBy(() -> TorchPickle.read(dir.resolve("no_tensors.pt")))
        .hasMessageContaining(
            "not a state_dict: the file holds a dict without tensors (entries: epoch, lr)");
    // a stride-0 view that is 64 MiB when materialized, from a 750-byte file: within the budget
    assertThat(TorchPickle.read(dir.resolve("expanded.pt")).get("w").numel()).isEqualTo(1L << 24);
  }

  private static double sum(TensorData t) {
    var b = java.nio.ByteBuffer.wrap(t.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    double s = 0;
    switch (t.dtype()) {
      case "F32" -> {
        while (b.hasRemaining()) s += b.getFloat();
      }
      case "I64" -> {
        while (b.hasRemaining()) s += b.getLong();
      }
      case "F16" -> {
        while (b.hasRemaining()) s += Float.float16ToFloat(b.getShort());
      }
      default -> throw new AssertionError(t.dtype());
    }
    return s;
  }

  @Test
  void zipsThatAreNotTorchSavesGiveOneLine() throws Exception {
    Path file = dir.resolve("x.pt");
    Pickles.zip(file, Pickles.oneTensor(4, 0, new long[] {4}, new long[] {1}), Map.of());
    assertRefused(file, "storage 0 of tensor 'w' is missing");
  }
}
