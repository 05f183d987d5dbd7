package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectFile;

/**
 * A fuzzer over every file reader (issue 20): model JSON, project, transforms, safetensors, {@code
 * .pt}, {@code .lbmodel} and images. Each format starts from valid files written by the project's
 * own writers (and by torch.save when the reference PyTorch is installed), mutates them a fixed
 * number of times (bit flips, truncation, inserted and deleted bytes, length fields set to
 * 0/-1/2^31/..., duplicated ranges; JSON number, string and bracket edits and lists grown a
 * thousandfold; for the zips, the same edits inside one entry, re-zipped with a correct CRC so they
 * reach the parser), and asserts for every case:
 *
 * <ul>
 *   <li>the reader throws nothing but its own checked exceptions (no RuntimeException, no Error: no
 *       OutOfMemoryError, no StackOverflowError);
 *   <li>the thread allocates at most {@link #ALLOCATION_LIMIT} plus 16× the file's size (measured
 *       with the JVM's per-thread allocation counter), so no declared size is trusted;
 *   <li>nothing is written: the file's folder holds the file alone, unchanged.
 * </ul>
 *
 * Every case has its own seed, derived from {@link #SEED}, the format and the case number; a
 * failure prints them, saves the input under {@code target/fuzz-failures}, and runs again alone
 * with {@code -Dfuzz.only=FORMAT:CASE} (e.g. {@code -Dfuzz.only=pt:1234}). {@code -Dfuzz.cases=N}
 * sets the number of cases of every format (default {@link #CASES}; 1500 for model and project
 * files, whose cases cost more). 15,000 cases take about 25 s on two busy cores.
 */
class ReaderFuzzTest {
  static final long SEED = 0x20_2026L;

  /** Cases per format; model and project files cost more per case (a graph's shape inference). */
  static final int CASES = Integer.getInteger("fuzz.cases", 2500);

  private static final Map<String, Integer> JSON_CASES = Map.of("model", 1500, "project", 1500);
  static final long ALLOCATION_LIMIT = 192L << 20;
  private static final String ONLY = System.getProperty("fuzz.only");

  @TempDir static Path dir;

  private static final List<String> SUMMARY = new ArrayList<>();

  @FunctionalInterface
  interface Reader {
    void read(Path file) throws Exception;
  }

  /** A format: valid seed files, how to read one, what the reader may throw. */
  record Format(
      String name,
      String extension,
      List<byte[]> seeds,
      Reader reader,
      List<Class<? extends Throwable>> allowed,
      boolean text,
      boolean zip) {}

  @TestFactory
  Stream<DynamicTest> everyReaderSurvivesMutatedFiles() throws Exception {
    List<Format> formats =
        List.of(
            new Format(
                "model",
                ".json",
                modelSeeds(),
                f -> GraphAnalysis.of(ModelJson.read(f)),
                List.of(ModelFormatException.class, IOException.class),
                true,
                false),
            new Format(
                "project",
                ".lbproj",
                projectSeeds(),
                ProjectFile::read,
                List.of(ModelFormatException.class, IOException.class),
                true,
                false),
            new Format(
                "transforms",
                ".json",
                transformSeeds(),
                PipelineFile::read,
                List.of(IOException.class),
                true,
                false),
            new Format(
                "safetensors",
                ".safetensors",
                List.of(Safetensors.toBytes(tensors(), Map.of("format", "pt"))),
                Safetensors::read,
                List.of(IOException.class),
                false,
                false),
            new Format(
                "pt", ".pt", ptSeeds(), TorchPickle::load, List.of(IOException.class), false, true),
            new Format(
                "lbmodel",
                ".lbmodel",
                bundleSeeds(),
                ModelBundle::read,
                List.of(ModelFormatException.class, IOException.class),
                false,
                true),
            new Format(
                "image",
                ".png",
                imageSeeds(),
                // the decoder's own bomb limit, lowered so a mutated header cannot ask for 89 Mpx
                f -> ImageDecoder.read(f, 1 << 20),
                List.of(IOException.class),
                false,
                false));
    return formats.stream()
        .filter(f -> ONLY == null || ONLY.startsWith(f.name + ":"))
        .map(f -> DynamicTest.dynamicTest(f.name, () -> fuzz(f)));
  }

  @AfterAll
  static void summary() {
    SUMMARY.forEach(System.out::println);
  }

  private static void fuzz(Format format) throws Exception {
    int first = 0;
    int last =
        System.getProperty("fuzz.cases") == null
            ? JSON_CASES.getOrDefault(format.name, CASES)
            : CASES;
    if (ONLY != null) {
      first = Integer.parseInt(ONLY.substring(ONLY.indexOf(':') + 1));
      last = first + 1;
    }
    Path folder = Files.createDirectories(dir.resolve(format.name));
    Path file = folder.resolve("input" + format.extension);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    long maxAllocated = 0;
    long start = System.nanoTime();
    for (int i = first; i < last && failures.size() < 10; i++) {
      long seed = SEED ^ ((long) format.name.hashCode() << 32) ^ (i * 0x9E3779B97F4A7C15L);
      Random random = new Random(seed);
      List<String> edits = new ArrayList<>();
      byte[] input =
          mutate(format, format.seeds.get(random.nextInt(format.seeds.size())), random, edits);
      Files.write(file, input);
      FileTime modified = Files.getLastModifiedTime(file);
      String outcome;
      Throwable bad = null;
      long before = threads.getCurrentThreadAllocatedBytes();
      try {
        format.reader.read(file);
        outcome = "read";
      } catch (Throwable t) {
        outcome = t.getClass().getSimpleName();
        if (format.allowed.stream().noneMatch(c -> c.isInstance(t))) {
          bad = t;
        } else if (t.getMessage() == null || t.getMessage().isBlank()) {
          bad = new AssertionError("an exception without a message", t);
        }
      }
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      maxAllocated = Math.max(maxAllocated, allocated);
      outcomes.merge(outcome, 1, Integer::sum);
      long limit = ALLOCATION_LIMIT + 16L * input.length;
      if (bad == null && allocated > limit) {
        bad = new AssertionError("allocated " + allocated + " bytes, over the limit of " + limit);
      }
      try (Stream<Path> files = Files.list(folder)) {
        List<Path> now = files.toList();
        if (bad == null
            && (!now.equals(List.of(file))
                || Files.size(file) != input.length
                || !Files.getLastModifiedTime(file).equals(modified))) {
          bad = new AssertionError("the reader wrote: the folder now holds " + now);
        }
      }
      if (bad != null) {
        Path saved = Path.of("target/fuzz-failures", format.name + "-" + i + format.extension);
        Files.createDirectories(saved.getParent());
        Files.write(saved, input);
        java.io.StringWriter trace = new java.io.StringWriter();
        bad.printStackTrace(new java.io.PrintWriter(trace));
        failures.add(
            String.format(
                "%s case %d (seed 0x%x, -Dfuzz.only=%s:%d, input saved as %s), edits %s:%n%s",
                format.name,
                i,
                seed,
                format.name,
                i,
                saved,
                edits,
                trace
                    .toString()
                    .lines()
                    .filter(l -> !l.contains("org.junit"))
                    .limit(30)
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse("")));
      }
      Files.deleteIfExists(file);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    SUMMARY.add(
        String.format(
            "fuzz %-12s %5d cases in %5d ms, at most %4d MiB allocated per case; outcomes %s",
            format.name, last - first, ms, maxAllocated >> 20, outcomes));
    assertThat(failures)
        .as(format.name + ": readers must fail only with their own exceptions")
        .isEmpty();
  }

  // ---------------------------------------------------------------- mutations

  private static final long[] INTERESTING = {
    0,
    1,
    -1,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    0x7fffffffL,
    0x80000000L,
    0xffffffffL,
    1L << 28,
    1L << 31,
    1L << 32,
    Long.MAX_VALUE,
    Long.MIN_VALUE
  };

  private static final String[] NUMBERS = {
    "-1",
    "0",
    "1",
    "-2147483649",
    "2147483648",
    "4294967296",
    "100000",
    "1e309",
    "-1e309",
    "1e-400",
    "99999999999999999999",
    "0.5",
    "NaN",
    "1.0e5",
    "-0"
  };

  private static final String[] TOKENS = {
    "", "null", "true", "[]", "{}", "\"\"", "\"x\"", "[[[[[[[[", "]", "}", ",", ":", "\"\\ud800\""
  };

  static byte[] mutate(Format f, byte[] seed, Random r, List<String> edits) throws IOException {
    if (f.zip && r.nextBoolean()) {
      return mutateEntry(f, seed, r, edits);
    }
    return mutateBytes(seed, r, edits, f.text);
  }

  private static final Map<byte[], SequencedMap<String, byte[]>> ENTRIES =
      new java.util.IdentityHashMap<>();

  /** Mutates one entry of a zip and re-zips it (stored, correct CRC), so the edit is parsed. */
  private static byte[] mutateEntry(Format f, byte[] seed, Random r, List<String> edits)
      throws IOException {
    SequencedMap<String, byte[]> entries = ENTRIES.get(seed);
    if (entries == null) {
      entries = new LinkedHashMap<>();
      Path tmp = Files.createTempFile(dir, "seed", ".zip");
      Files.write(tmp, seed);
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(tmp.toFile())) {
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
      }
      Files.delete(tmp);
      ENTRIES.put(seed, entries);
    }
    entries = new LinkedHashMap<>(entries);
    List<String> names = new ArrayList<>(entries.keySet());
    String name = names.get(r.nextInt(names.size()));
    edits.add("in entry " + name);
    boolean text = name.endsWith(".json");
    entries.put(name, mutateBytes(entries.get(name), r, edits, text));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        ZipEntry z = new ZipEntry(e.getKey());
        z.setMethod(ZipEntry.STORED);
        z.setSize(e.getValue().length);
        z.setCompressedSize(e.getValue().length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(e.getValue());
        z.setCrc(crc.getValue());
        zip.putNextEntry(z);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static byte[] mutateBytes(byte[] seed, Random r, List<String> edits, boolean text) {
    byte[] b = seed.clone();
    int rounds = 1 + r.nextInt(3);
    for (int k = 0; k < rounds; k++) {
      if (text && r.nextInt(3) > 0) {
        b = mutateText(b, r, edits);
        continue;
      }
      int n = b.length;
      switch (r.nextInt(6)) {
        case 0 -> {
          int bits = 1 + r.nextInt(8);
          for (int i = 0; i < bits && n > 0; i++) {
            int at = r.nextInt(n);
            b[at] ^= (byte) (1 << r.nextInt(8));
          }
          edits.add("flip " + bits + " bits");
        }
        case 1 -> {
          int at = n == 0 ? 0 : r.nextInt(n);
          b = Arrays.copyOf(b, at);
          edits.add("truncate to " + at);
        }
        case 2 -> {
          int at = r.nextInt(n + 1);
          byte[] ins = new byte[1 + r.nextInt(16)];
          r.nextBytes(ins);
          b = splice(b, at, at, ins);
          edits.add("insert " + ins.length + " bytes at " + at);
        }
        case 3 -> {
          int at = n == 0 ? 0 : r.nextInt(n);
          int len = Math.min(n - at, 1 + r.nextInt(32));
          b = splice(b, at, at + len, new byte[0]);
          edits.add("delete " + len + " bytes at " + at);
        }
        case 4 -> {
          int width = 1 << r.nextInt(4); // 1, 2, 4, 8
          if (n < width) {
            break;
          }
          int at = r.nextInt(n - width + 1);
          if (r.nextBoolean()) {
            at = at / width * width;
          }
          long v = r.nextInt(4) == 0 ? r.nextLong() : INTERESTING[r.nextInt(INTERESTING.length)];
          boolean little = r.nextInt(4) > 0;
          for (int i = 0; i < width; i++) {
            int shift = 8 * (little ? i : width - 1 - i);
            b[at + i] = (byte) (v >>> shift);
          }
          edits.add(String.format("set %d-byte field at %d to 0x%x", width, at, v));
        }
        default -> {
          if (n == 0) {
            break;
          }
          int from = r.nextInt(n);
          int len = Math.min(n - from, 1 + r.nextInt(64));
          int to = r.nextInt(n + 1);
          b = splice(b, to, to, Arrays.copyOfRange(b, from, from + len));
          edits.add("copy " + len + " bytes from " + from + " to " + to);
        }
      }
    }
    return b;
  }

  /** JSON-aware edits: numbers, strings, brackets, and a list element repeated 1000 times. */
  private static byte[] mutateText(byte[] b, Random r, List<String> edits) {
    String s = new String(b, StandardCharsets.UTF_8);
    if (s.isEmpty()) {
      return b;
    }
    java.util.regex.Matcher m;
    switch (r.nextInt(5)) {
      case 0 -> {
        m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(s);
        List<int[]> spans = spans(m);
        if (spans.isEmpty()) {
          return b;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        String v = NUMBERS[r.nextInt(NUMBERS.length)];
        s = s.substring(0, sp[0]) + v + s.substring(sp[1]);
        edits.add("number at " + sp[0] + " := " + v);
      }
      case 1 -> {
        List<int[]> spans = strings(s);
        if (spans.isEmpty()) {
          return b;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        String v = TOKENS[r.nextInt(TOKENS.length)];
        s = s.substring(0, sp[0]) + v + s.substring(sp[1]);
        edits.add("string at " + sp[0] + " := " + v);
      }
      case 2 -> {
        m = java.util.regex.Pattern.compile("[\\[\\]{},:]").matcher(s);
        List<int[]> spans = spans(m);
        if (spans.isEmpty()) {
          return b;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        String v = TOKENS[r.nextInt(TOKENS.length)];
        s = s.substring(0, sp[0]) + v + s.substring(sp[1]);
        edits.add("token at " + sp[0] + " := " + v);
      }
      case 3 -> {
        // grow a list: repeat an element (a number or a whole object) 1000 times
        m = java.util.regex.Pattern.compile("\\[\\s*(-?[\\d.]+|\\{[^{}\\[\\]]*\\})").matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(1), m.end(1)});
        }
        if (spans.isEmpty()) {
          return b;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        String item = s.substring(sp[0], sp[1]);
        s = s.substring(0, sp[1]) + ("," + item).repeat(1000) + s.substring(sp[1]);
        edits.add("repeat " + item.length() + "-char element at " + sp[0] + " 1000 times");
      }
      default -> {
        m = java.util.regex.Pattern.compile("\"[a-z_]+\"\\s*:\\s*").matcher(s);
        List<int[]> spans = spans(m);
        if (spans.isEmpty()) {
          return b;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        // replace the value after a key with another JSON value
        String v =
            r.nextBoolean() ? NUMBERS[r.nextInt(NUMBERS.length)] : TOKENS[r.nextInt(TOKENS.length)];
        s = s.substring(0, sp[1]) + v + "," + s.substring(sp[1]);
        edits.add("value at " + sp[1] + " := " + v);
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The spans of JSON strings, quotes included (a scanner: a regex overflows on long ones). */
  private static List<int[]> strings(String s) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (start >= 0 && c == '\\') {
        i++;
      } else if (c == '"') {
        if (start < 0) {
          start = i;
        } else {
          out.add(new int[] {start, i + 1});
          start = -1;
        }
      }
    }
    return out;
  }

  private static List<int[]> spans(java.util.regex.Matcher m) {
    List<int[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] ins) {
    byte[] out = new byte[b.length - (to - from) + ins.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(ins, 0, out, from, ins.length);
    System.arraycopy(b, to, out, from + ins.length, b.length - to);
    return out;
  }

  // ---------------------------------------------------------------- valid files

  private static List<byte[]> modelSeeds() {
    List<byte[]> out = new ArrayList<>();
    for (String name : List.of("simplenet", "inception")) {
      ModelGraph g = Templates.find(name).orElseThrow().create();
      out.add(ModelJson.toJson(g).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static PipelineFile pipelines() {
    Pipeline train =
        Pipeline.of(
            Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 64),
            Step.of(TransformType.RANDOM_HORIZONTAL_FLIP),
            Step.randomApply(0.3, Step.of(TransformType.COLOR_JITTER, "brightness", 0.4)),
            Step.of(TransformType.PAD, "padding", List.of(2, 4)),
            Step.of(TransformType.RANDOM_CROP, "size", List.of(64, 64)),
            Step.of(TransformType.TO_TENSOR),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                Pipeline.IMAGENET_MEAN,
                "std",
                Pipeline.IMAGENET_STD));
    Pipeline val =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", 72),
            Step.of(TransformType.CENTER_CROP, "size", 64),
            Step.of(TransformType.TO_TENSOR));
    return new PipelineFile(train, val);
  }

  private static List<byte[]> transformSeeds() throws IOException {
    List<byte[]> out = new ArrayList<>();
    out.add(pipelines().toJson().getBytes(StandardCharsets.UTF_8));
    Path sample = Path.of("../sample-data/project/augment.json");
    if (Files.exists(sample)) {
      out.add(Files.readAllBytes(sample));
    }
    return out;
  }

  private static List<byte[]> projectSeeds() throws IOException {
    Path file = dir.resolve("seed.lbproj");
    var training =
        org.layerbench.engine.project.TrainingSettings.DEFAULTS
            .with("epochs", 3)
            .with("lr", 0.01)
            .with("imageSize", 64);
    ProjectFile.write(
        new Project(
            "p",
            file,
            "data",
            Templates.find("simplenet").orElseThrow().create(),
            training,
            List.of("run-1"),
            pipelines()),
        file);
    byte[] b = Files.readAllBytes(file);
    Files.delete(file);
    return List.of(b);
  }

  static SequencedMap<String, TensorData> tensors() {
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("conv.weight", TensorData.ofFloats(new long[] {2, 1, 2, 2}, new float[8]));
    t.put("conv.bias", TensorData.ofFloats(new long[] {2}, new float[] {0.5f, -1f}));
    t.put("bn.num_batches_tracked", TensorData.ofLongs(new long[] {}, new long[] {7}));
    t.put("half", new TensorData("F16", new long[] {3}, new byte[6]));
    t.put("empty", TensorData.ofFloats(new long[] {0, 4}, new float[0]));
    return t;
  }

  private static List<byte[]> ptSeeds() throws Exception {
    List<byte[]> out = new ArrayList<>();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    TorchSave.writeTo(b, tensors());
    out.add(b.toByteArray());
    // a checkpoint dict with floats, ints, tuples and lists around the state_dict
    Path ck = dir.resolve("seed.pt");
    Pickles.zip(
        ck,
        new Pickles()
            .op('}')
            .mark()
            .str("epoch")
            .integer(3)
            .str("lr")
            .real(0.01)
            .str("history")
            .op(']')
            .mark()
            .ints(1, 2)
            .ints(3, 4)
            .op('e')
            .str("state_dict")
            .orderedDict()
            .mark()
            .str("w")
            .tensor("FloatStorage", "0", 12, 0, new long[] {3, 4}, new long[] {4, 1})
            .str("wt")
            .tensor("FloatStorage", "0", 12, 2, new long[] {2, 3}, new long[] {1, 4})
            .setItems()
            .setItems()
            .stop()
            .bytes(),
        "0",
        new byte[48]);
    out.add(Files.readAllBytes(ck));
    Files.delete(ck);
    Path torch = Files.createDirectories(dir.resolve("torch"));
    if (TorchFiles.generate(torch)) {
      out.add(Files.readAllBytes(torch.resolve("state_dict.pt")));
      out.add(Files.readAllBytes(torch.resolve("checkpoint.pt")));
    } else {
      SUMMARY.add("fuzz pt: the reference PyTorch is not installed; seeds from TorchSave only");
    }
    return out;
  }

  private static List<byte[]> bundleSeeds() throws Exception {
    Path file = dir.resolve("seed.lbmodel");
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.5);
    metrics.put("loss", List.of(1.0, 0.5));
    ModelBundle.write(
        file,
        new BundleContents(
            Templates.find("simplenet").orElseThrow().create(),
            tensors(),
            List.of("cat", "dog"),
            new ImagePreprocessing(
                3, 72, 72, 64, 64, new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}),
            metrics,
            tensors(),
            Map.of("epoch", 2, "step", 10)));
    byte[] b = Files.readAllBytes(file);
    Files.delete(file);
    return List.of(b);
  }

  private static List<byte[]> imageSeeds() throws IOException {
    List<byte[]> out = new ArrayList<>();
    BufferedImage rgb = new BufferedImage(12, 9, BufferedImage.TYPE_INT_RGB);
    BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 12; x++) {
        rgb.setRGB(x, y, (x * 20) << 16 | (y * 25) << 8 | ((x + y) * 9));
        if (x < 8 && y < 8) {
          gray.getRaster().setSample(x, y, 0, x * y * 3);
        }
      }
    }
    for (var img : List.of(rgb, gray)) {
      for (String format : List.of("png", "jpg", "bmp", "gif")) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (ImageIO.write(img, format, b)) {
          out.add(b.toByteArray());
        }
      }
    }
    return out;
  }
}
