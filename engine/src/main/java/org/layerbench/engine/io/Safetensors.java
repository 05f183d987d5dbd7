package org.layerbench.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON header {@code {"__metadata__": {str: str},
 * name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}}, then the data buffer.
 *
 * <p>Writing follows the reference implementation: tensors in the given order with contiguous
 * offsets, compact JSON, the header padded with spaces to a multiple of 8 bytes so the data starts
 * aligned. Reading applies the reference's checks (offsets contiguous and covering the whole
 * buffer, sizes matching shapes) and reports every problem as a one-line {@link
 * SafetensorsFormatException}; it never allocates more than the file holds.
 */
public final class Safetensors {
  /** The reference implementation's limit; a larger header means a corrupt or hostile file. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";
  // Java arrays stop a little short of Integer.MAX_VALUE.
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Safetensors() {}

  // ---- writing ----

  public static byte[] toBytes(
      SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
    Encoded encoded = encode(tensors, metadata);
    if (encoded.size() > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          "the tensors take "
              + encoded.size()
              + " bytes, too many for one array; write them to a file instead");
    }
    byte[] out = new byte[(int) encoded.size()];
    ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(encoded.header.length).put(encoded.header);
    for (TensorData t : tensors.values()) {
      buffer.put(t.data());
    }
    return out;
  }

  /** Writes the file atomically (see {@link AtomicFiles}), streaming the tensors. */
  public static void write(
      Path file, SequencedMap<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    Encoded encoded = encode(tensors, metadata);
    AtomicFiles.write(file, encoded::writeTo);
  }

  /** Validates the tensors and builds the header, so the bytes can then be streamed anywhere. */
  static Encoded encode(SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
    ObjectNode root = MAPPER.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      // The reference writes the metadata first.
      ObjectNode meta = root.putObject(METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    StreamedTensors streamed = tensors instanceof StreamedTensors s ? s : null;
    for (String name : tensors.keySet()) {
      if (name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "a tensor cannot be named " + METADATA_KEY + " (the header reserves it)");
      }
      StreamedTensors.Info t;
      if (streamed != null) {
        t = streamed.info(name);
      } else {
        TensorData d = tensors.get(name);
        t = new StreamedTensors.Info(d.dtype(), d.shape(), d.data().length);
      }
      ObjectNode info = root.putObject(name);
      info.put("dtype", t.dtype());
      ArrayNode shape = info.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long end = offset + t.bytes();
      info.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    byte[] header = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
    Arrays.fill(header, json.length, header.length, (byte) ' ');
    return new Encoded(header, tensors, offset);
  }

  /** A file ready to be written: the padded header, then each tensor's data in order. */
  record Encoded(byte[] header, SequencedMap<String, TensorData> tensors, long dataBytes) {
    long size() {
      return 8L + header.length + dataBytes;
    }

    void writeTo(OutputStream out) throws IOException {
      byte[] length = new byte[8];
      ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
      out.write(length);
      out.write(header);
      if (tensors instanceof StreamedTensors streamed) {
        for (String name : tensors.keySet()) {
          streamed.writeData(name, out);
        }
        return;
      }
      for (TensorData t : tensors.values()) {
        out.write(t.data());
      }
    }
  }

  // ---- reading ----

  public static SafetensorsFile fromBytes(byte[] bytes) throws IOException {
    return read(new ByteArrayInputStream(bytes), bytes.length);
  }

  public static SafetensorsFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), ch.size());
    } catch (SafetensorsFormatException e) {
      throw new SafetensorsFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a safetensors file of {@code length} bytes from a stream, tensors in data-offset order.
   * The stream must not hold more than {@code length} bytes (checked at the end).
   */
  static SafetensorsFile read(InputStream in, long length) throws IOException {
    if (length < 8) {
      throw new SafetensorsFormatException(
          "truncated: the file has "
              + length
              + " bytes, fewer than the 8-byte header length it starts with");
    }
    byte[] prefix = readFully(in, 8, "the header length");
    long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(
          "header length "
              + Long.toUnsignedString(headerLength)
              + " is over the "
              + MAX_HEADER_BYTES
              + "-byte limit: not a safetensors file, or a corrupt one");
    }
    if (headerLength > length - 8) {
      throw new SafetensorsFormatException(
          "header length " + headerLength + " is larger than the file (" + length + " bytes)");
    }
    byte[] headerBytes = readFully(in, (int) headerLength, "the header");
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Info> infos = parseHeader(headerBytes, metadata);
    checkLayout(infos, length - 8 - headerLength);

    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    for (Info info : infos) {
      long bytes = info.end - info.begin;
      if (bytes > MAX_ARRAY_BYTES) {
        throw new SafetensorsFormatException(
            "tensor '" + info.name + "' has " + bytes + " bytes, more than one Java array holds");
      }
      try {
        MemoryBudget.require(bytes, "tensor '" + info.name + "'");
      } catch (IOException e) {
        throw new SafetensorsFormatException(e.getMessage());
      }
      byte[] data = readFully(in, (int) bytes, "tensor '" + info.name + "'");
      tensors.put(info.name, new TensorData(info.dtype, info.shape, data));
    }
    if (in.read() != -1) {
      throw new SafetensorsFormatException(
          "the file is longer than the " + length + " bytes it was said to have");
    }
    return new SafetensorsFile(tensors, metadata);
  }

  private record Info(String name, String dtype, long[] shape, long begin, long end) {}

  private static List<Info> parseHeader(byte[] headerBytes, Map<String, String> metadata)
      throws SafetensorsFormatException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(headerBytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsFormatException("the header is not valid UTF-8 text");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new SafetensorsFormatException(
          "malformed header JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse(""),
          e);
    }
    if (root == null || root.isMissingNode()) {
      throw new SafetensorsFormatException("malformed header JSON: the header is empty");
    }
    if (!root.isObject()) {
      throw new SafetensorsFormatException("malformed header JSON: it is not a JSON object");
    }
    List<Info> infos = new ArrayList<>();
    for (var field : root.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals(METADATA_KEY)) {
        readMetadata(value, metadata);
      } else {
        infos.add(info(name, value));
      }
    }
    return infos;
  }

  private static void readMetadata(JsonNode value, Map<String, String> metadata)
      throws SafetensorsFormatException {
    if (value.isNull()) {
      return;
    }
    if (!value.isObject()) {
      throw new SafetensorsFormatException(
          "malformed header JSON: " + METADATA_KEY + " is not an object");
    }
    for (var m : value.properties()) {
      if (!m.getValue().isTextual()) {
        throw new SafetensorsFormatException(
            "malformed header JSON: metadata '" + m.getKey() + "' is not a string");
      }
      metadata.put(m.getKey(), m.getValue().textValue());
    }
  }

  private static Info info(String name, JsonNode value) throws SafetensorsFormatException {
    String what = "tensor '" + name + "'";
    if (!value.isObject()) {
      throw new SafetensorsFormatException(
          "malformed header JSON: " + what + " is not an object with dtype, shape, data_offsets");
    }
    JsonNode dtypeNode = value.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(
          "malformed header JSON: " + what + " has no \"dtype\" string");
    }
    String dtype = dtypeNode.textValue();
    if (!TensorData.isKnownDtype(dtype)) {
      throw new SafetensorsFormatException(
          what
              + " has an unknown dtype \""
              + dtype
              + "\" (known: "
              + String.join(", ", TensorData.DTYPES)
              + ")");
    }
    long[] shape = naturals(value.get("shape"), what, "shape", -1);
    long[] offsets = naturals(value.get("data_offsets"), what, "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin) {
      throw new SafetensorsFormatException(
          what + " has data_offsets [" + begin + ", " + end + "] that end before they begin");
    }
    long bytes;
    try {
      bytes = Math.multiplyExact(TensorData.numel(shape), TensorData.dtypeSize(dtype));
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(
          what + " has a shape " + Arrays.toString(shape) + " too large to hold");
    }
    if (bytes != end - begin) {
      throw new SafetensorsFormatException(
          what
              + " is "
              + dtype
              + " "
              + Arrays.toString(shape)
              + " ("
              + bytes
              + " bytes) but its data_offsets ["
              + begin
              + ", "
              + end
              + "] span "
              + (end - begin)
              + " bytes");
    }
    return new Info(name, dtype, shape, begin, end);
  }

  /** A JSON list of non-negative whole numbers, of the given length unless it is -1. */
  private static long[] naturals(JsonNode node, String what, String field, int count)
      throws SafetensorsFormatException {
    String expected =
        "malformed header JSON: "
            + what
            + " needs \""
            + field
            + "\": a list of "
            + (count < 0 ? "" : count + " ")
            + "non-negative whole numbers";
    if (node == null || !node.isArray() || (count >= 0 && node.size() != count)) {
      throw new SafetensorsFormatException(expected);
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsFormatException(expected + ", got " + node);
      }
      values[i] = v.longValue();
    }
    return values;
  }

  /**
   * Sorts the tensors by offset and checks that they tile the data buffer exactly, as the reference
   * does: no gap, no overlap, nothing past the end, nothing left over.
   */
  private static void checkLayout(List<Info> infos, long bufferLength)
      throws SafetensorsFormatException {
    infos.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
    for (Info info : infos) {
      if (info.end > bufferLength) {
        throw new SafetensorsFormatException(
            "tensor '"
                + info.name
                + "' has data_offsets ["
                + info.begin
                + ", "
                + info.end
                + "] past the end of the data buffer ("
                + bufferLength
                + " bytes)");
      }
    }
    long position = 0;
    Info previous = null;
    for (Info info : infos) {
      if (info.begin < position) {
        throw new SafetensorsFormatException(
            "tensor '"
                + info.name
                + "' has data_offsets ["
                + info.begin
                + ", "
                + info.end
                + "] overlapping tensor '"
                + previous.name
                + "' ["
                + previous.begin
                + ", "
                + previous.end
                + "]");
      }
      if (info.begin > position) {
        throw new SafetensorsFormatException(
            "bytes "
                + position
                + " to "
                + info.begin
                + " of the data buffer belong to no tensor (a gap before tensor '"
                + info.name
                + "')");
      }
      position = info.end;
      previous = info;
    }
    if (position != bufferLength) {
      throw new SafetensorsFormatException(
          "the data buffer has "
              + bufferLength
              + " bytes but the tensors cover only the first "
              + position);
    }
  }

  /**
   * Reads {@code count} bytes; the array grows as bytes arrive (InputStream.readNBytes), so a size
   * that a zip entry or a header declares but the data does not back costs no more than the data.
   */
  private static byte[] readFully(InputStream in, int count, String what) throws IOException {
    byte[] bytes = in.readNBytes(count);
    if (bytes.length < count) {
      throw new SafetensorsFormatException("truncated: the file ends inside " + what);
    }
    return bytes;
  }
}
