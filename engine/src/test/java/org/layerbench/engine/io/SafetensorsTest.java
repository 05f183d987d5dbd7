package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {

  @TempDir Path dir;

  // ---- exact layout, computed by hand from the spec ----

  /**
   * The reference's own serialization example (python bindings, test_simple.py): a 2×2 I32 zero
   * tensor named "test". The JSON header is 60 bytes, padded with 4 spaces to 64 = 0x40 ('@').
   */
  @Test
  void referenceExampleIsByteExact() {
    byte[] bytes =
        Safetensors.toBytes(
            map("test", new TensorData("I32", new long[] {2, 2}, new byte[16])), Map.of());
    String expected =
        "4000000000000000"
            + hex("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}")
            + "20202020"
            + "00".repeat(16);
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
  }

  /** F32 [1.0, 2.0]: JSON header 54 bytes + 2 spaces = 56 = 0x38; 1.0f = 0x3f800000 LE. */
  @Test
  void tinyFloatFileIsByteExact() {
    byte[] bytes =
        Safetensors.toBytes(
            map("a", TensorData.ofFloats(new long[] {2}, new float[] {1f, 2f})), Map.of());
    byte[] expected =
        HexFormat.of()
            .parseHex(
                "3800000000000000"
                    // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}
                    + "7b2261223a7b226474797065223a22463332222c227368617065223a5b325d2c"
                    + "22646174615f6f666673657473223a5b302c385d7d7d"
                    + "2020"
                    + "0000803f00000040");
    assertThat(bytes).isEqualTo(expected);
    assertThat((8 + 56) % 8).as("data starts 8-byte aligned").isZero();
  }

  /** Metadata goes first, as in the reference; a scalar has shape []. 84 + 4 spaces = 88. */
  @Test
  void metadataFirstAndScalarShapeAreByteExact() {
    byte[] bytes =
        Safetensors.toBytes(
            map("n", TensorData.ofLongs(new long[] {}, new long[] {7})), Map.of("format", "pt"));
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}"
            + "    ";
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("5800000000000000" + hex(header) + "0700000000000000");
  }

  @Test
  void tensorsAreWrittenInTheGivenOrderWithContiguousOffsets() {
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("z", TensorData.ofFloats(new long[] {3}, new float[] {1, 2, 3}));
    tensors.put("a", new TensorData("U8", new long[] {0}, new byte[0]));
    tensors.put("m", TensorData.ofLongs(new long[] {1}, new long[] {5}));
    String header = headerOf(Safetensors.toBytes(tensors, Map.of()));
    assertThat(header)
        .isEqualTo(
            "{\"z\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[12,12]},"
                + "\"m\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[12,20]}}");
  }

  // ---- reading hand-made files ----

  @Test
  void readsInDataOffsetOrderWhateverTheHeaderOrder() throws IOException {
    String header =
        "{\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]},"
            + "\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
    SafetensorsFile file = Safetensors.fromBytes(file(header, new byte[] {1, 2, 3, 4}));
    assertThat(file.tensors().keySet()).containsExactly("a", "b");
    assertThat(file.tensors().get("a").data()).containsExactly(1, 2);
    assertThat(file.tensors().get("b").data()).containsExactly(3, 4);
    assertThat(file.metadata()).isEmpty();
  }

  @Test
  void readsTheUnpaddedHeaderAndNullMetadataOtherWritersProduce() throws IOException {
    String header =
        "{\"__metadata__\":null,\"x\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[0,4]}}";
    SafetensorsFile file = Safetensors.fromBytes(file(header, new byte[] {0, 0x3f, 0, 0x40}));
    assertThat(file.tensors().get("x"))
        .isEqualTo(new TensorData("BF16", new long[] {1, 2}, new byte[] {0, 0x3f, 0, 0x40}));
  }

  // ---- round trips ----

  static Stream<Arguments> roundTrips() {
    SequencedMap<String, TensorData> bn = new LinkedHashMap<>();
    bn.put("bn1.weight", TensorData.ofFloats(new long[] {2}, new float[] {1, 1}));
    bn.put("bn1.running_mean", TensorData.ofFloats(new long[] {2}, new float[] {0, -0f}));
    bn.put("bn1.num_batches_tracked", TensorData.ofLongs(new long[] {}, new long[] {1234}));
    SequencedMap<String, TensorData> unicode = new LinkedHashMap<>();
    unicode.put("слой.вес", TensorData.ofFloats(new long[] {1, 1}, new float[] {Float.NaN}));
    unicode.put(
        "层/偏置 \"q\"\\", TensorData.ofLongs(new long[] {2}, new long[] {-1, Long.MAX_VALUE}));
    unicode.put("emoji🙂", new TensorData("BOOL", new long[] {3}, new byte[] {1, 0, 1}));
    SequencedMap<String, TensorData> dtypes = new LinkedHashMap<>();
    for (String dtype : TensorData.DTYPES) {
      int size = TensorData.dtypeSize(dtype);
      byte[] data = new byte[6 * size];
      new Random(dtype.hashCode()).nextBytes(data);
      dtypes.put(dtype.toLowerCase(), new TensorData(dtype, new long[] {2, 3}, data));
    }
    return Stream.of(
        Arguments.of("empty", new LinkedHashMap<String, TensorData>(), Map.of()),
        Arguments.of("empty with metadata", new LinkedHashMap<String, TensorData>(), meta()),
        Arguments.of("batch norm with scalar I64", bn, Map.of("format", "pt")),
        Arguments.of("unicode names", unicode, Map.of("ключ", "значение ✓")),
        Arguments.of("every dtype", dtypes, Map.of()),
        Arguments.of(
            "zero-size tensors",
            map("e", new TensorData("F32", new long[] {0, 5}, new byte[0])),
            Map.of()));
  }

  private static Map<String, String> meta() {
    return Map.of("a", "1", "b", "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roundTrips")
  void roundTripsThroughBytesAndFiles(
      String name, SequencedMap<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    byte[] bytes = Safetensors.toBytes(tensors, metadata);
    assertThat((bytes.length - sumOfData(tensors)) % 8).as("header padded to 8").isZero();
    SafetensorsFile back = Safetensors.fromBytes(bytes);
    assertThat(back.tensors()).isEqualTo(tensors);
    assertThat(back.tensors().sequencedKeySet()).containsExactlyElementsOf(tensors.keySet());
    assertThat(back.metadata()).isEqualTo(metadata);

    Path path = dir.resolve("t.safetensors");
    Safetensors.write(path, tensors, metadata);
    assertThat(Files.readAllBytes(path)).isEqualTo(bytes);
    SafetensorsFile fromFile = Safetensors.read(path);
    assertThat(fromFile).isEqualTo(back);
  }

  @Test
  void tensorDataValuesSurvive() throws IOException {
    float[] values = {0f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY};
    SafetensorsFile back =
        Safetensors.fromBytes(
            Safetensors.toBytes(map("w", TensorData.ofFloats(new long[] {5}, values)), Map.of()));
    assertThat(back.tensors().get("w").floats()).containsExactly(values);
  }

  @Test
  void refusesATensorNamedLikeTheMetadataKey() {
    assertThatThrownBy(
            () ->
                Safetensors.toBytes(
                    map("__metadata__", TensorData.ofLongs(new long[] {}, new long[] {1})),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__metadata__");
  }

  // ---- corrupt files ----

  static Stream<Arguments> corruptFiles() {
    String ok = "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
    return Stream.of(
        Arguments.of("empty file", new byte[0], "truncated: the file has 0 bytes"),
        Arguments.of("short prefix", new byte[] {8, 0, 0}, "truncated: the file has 3 bytes"),
        Arguments.of(
            "header longer than file",
            withLength(ok, 500, new byte[2]),
            "header length 500 is larger than the file"),
        Arguments.of(
            "huge header length",
            withLength(ok, 200_000_000L, new byte[2]),
            "header length 200000000 is over the 100000000-byte limit"),
        Arguments.of(
            "negative (u64 huge) header length",
            withLength(ok, -1, new byte[2]),
            "header length 18446744073709551615 is over the"),
        Arguments.of(
            "not JSON", file("{\"a\": nope}", new byte[0]), "malformed header JSON at line 1"),
        Arguments.of(
            "empty header", file("   ", new byte[0]), "malformed header JSON: the header is empty"),
        Arguments.of("header is a list", file("[1,2]", new byte[0]), "not a JSON object"),
        Arguments.of("trailing garbage", file("{} {}", new byte[0]), "malformed header JSON"),
        Arguments.of(
            "duplicate names",
            file(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},"
                    + "\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}",
                new byte[0]),
            "Duplicate field 'a'"),
        Arguments.of(
            "invalid UTF-8",
            withRawHeader(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}, new byte[0]),
            "the header is not valid UTF-8"),
        Arguments.of(
            "unknown dtype",
            file("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]),
            "tensor 'a' has an unknown dtype \"Q4\" (known: F32, F64, I64, I32, U8, BOOL, F16, BF16)"),
        Arguments.of(
            "entry not an object", file("{\"a\":3}", new byte[0]), "tensor 'a' is not an object"),
        Arguments.of(
            "no dtype",
            file("{\"a\":{\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]),
            "tensor 'a' has no \"dtype\" string"),
        Arguments.of(
            "negative dimension",
            file("{\"a\":{\"dtype\":\"U8\",\"shape\":[-2],\"data_offsets\":[0,2]}}", new byte[2]),
            "tensor 'a' needs \"shape\": a list of non-negative whole numbers, got [-2]"),
        Arguments.of(
            "fractional dimension",
            file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,2]}}", new byte[2]),
            "tensor 'a' needs \"shape\""),
        Arguments.of(
            "three offsets",
            file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,1,2]}}", new byte[2]),
            "tensor 'a' needs \"data_offsets\": a list of 2 non-negative whole numbers"),
        Arguments.of(
            "offsets backwards",
            file("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[2,0]}}", new byte[2]),
            "tensor 'a' has data_offsets [2, 0] that end before they begin"),
        Arguments.of(
            "shape and offsets disagree",
            file(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}",
                new byte[20]),
            "tensor 'a' is F32 [2, 3] (24 bytes) but its data_offsets [0, 20] span 20 bytes"),
        Arguments.of(
            "shape overflows",
            file(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}",
                new byte[4]),
            "tensor 'a' has a shape [4294967296, 4294967296] too large to hold"),
        Arguments.of(
            "offsets past the buffer",
            file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[2]),
            "tensor 'a' has data_offsets [0, 4] past the end of the data buffer (2 bytes)"),
        Arguments.of(
            "overlapping tensors",
            file(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                    + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}",
                new byte[4]),
            "tensor 'b' has data_offsets [2, 4] overlapping tensor 'a' [0, 3]"),
        Arguments.of(
            "gap between tensors",
            file(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                    + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}",
                new byte[4]),
            "bytes 1 to 2 of the data buffer belong to no tensor (a gap before tensor 'b')"),
        Arguments.of(
            "buffer not covered",
            file(ok, new byte[5]),
            "the data buffer has 5 bytes but the tensors cover only the first 2"),
        Arguments.of(
            "metadata not strings",
            file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
            "metadata 'epoch' is not a string"),
        Arguments.of(
            "metadata not an object",
            file("{\"__metadata__\":[]}", new byte[0]),
            "__metadata__ is not an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFiles")
  void corruptFilesGiveOneLineMessages(String name, byte[] bytes, String message)
      throws IOException {
    assertThatThrownBy(() -> Safetensors.fromBytes(bytes))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    Path path = dir.resolve("bad.safetensors");
    Files.write(path, bytes);
    assertThatThrownBy(() -> Safetensors.read(path))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageStartingWith(path + ": ")
        .hasMessageContaining(message);
  }

  /** Truncating a valid file anywhere, or flipping any byte, gives an IOException or a file. */
  @Test
  void noDamageLeaksAnotherExceptionType() {
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("w", TensorData.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
    tensors.put("n", TensorData.ofLongs(new long[] {}, new long[] {9}));
    byte[] good = Safetensors.toBytes(tensors, Map.of("k", "v"));
    for (int length = 0; length < good.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(good, length);
      assertThatThrownBy(() -> Safetensors.fromBytes(cut))
          .as("cut at %d", length)
          .isInstanceOf(SafetensorsFormatException.class);
    }
    Random random = new Random(42);
    for (int i = 0; i < good.length; i++) {
      for (int trial = 0; trial < 8; trial++) {
        byte[] bad = good.clone();
        bad[i] = (byte) random.nextInt(256);
        try {
          Safetensors.fromBytes(bad);
        } catch (SafetensorsFormatException e) {
          assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        } catch (Exception e) {
          fail("byte " + i + " set to " + bad[i] + " leaked " + e, e);
        }
      }
    }
  }

  @Test
  void missingFileIsAnIOException() {
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("nope.safetensors")))
        .isInstanceOf(IOException.class);
  }

  // ---- helpers ----

  private static SequencedMap<String, TensorData> map(String name, TensorData t) {
    SequencedMap<String, TensorData> m = new LinkedHashMap<>();
    m.put(name, t);
    return m;
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.UTF_8));
  }

  private static long sumOfData(Map<String, TensorData> tensors) {
    return 8 + tensors.values().stream().mapToLong(t -> t.data().length).sum();
  }

  private static String headerOf(byte[] file) {
    int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(file, 8, n, StandardCharsets.UTF_8).stripTrailing();
  }

  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return withLength(h, h.length, data);
  }

  private static byte[] withRawHeader(byte[] header, byte[] data) {
    return withLength(header, header.length, data);
  }

  private static byte[] withLength(String header, long length, byte[] data) {
    return withLength(header.getBytes(StandardCharsets.UTF_8), length, data);
  }

  private static byte[] withLength(byte[] header, long length, byte[] data) {
    var out = new ByteArrayOutputStream();
    byte[] prefix = new byte[8];
    ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
    out.writeBytes(prefix);
    out.writeBytes(header);
    out.writeBytes(data);
    return out.toByteArray();
  }
}
