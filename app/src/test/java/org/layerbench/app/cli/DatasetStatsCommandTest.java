package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerbench dataset stats} as a user runs it, on a folder of every kind of bad file. */
class DatasetStatsCommandTest {
  static final Path ENGINE_DATA = Path.of("..", "engine", "src", "test", "resources", "data");

  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * One folder per class (split by --val-split, as train does) holding good images and every kind
   * of bad file. Returns the expected problem kind of each bad image file, by relative path.
   */
  private Map<String, String> badDataset(Path d) throws IOException {
    Map<String, String> expected = new TreeMap<>();
    String[] classes = {"cat", "dog", "ñandú"};
    int[] colours = {0xC04030, 0x30A040, 0x3050C0};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 6; i++) {
        String ext = i % 3 == 0 ? ".jpg" : ".png";
        image(d.resolve(classes[c]).resolve(c + "_" + i + ext), 20, 20, colours[c] + i * 0x010203);
      }
    }
    // Good, but nested, upper-case, unicode-named.
    image(d.resolve("cat/nested/deeper/n1.png"), 20, 20, 0xB03020);
    image(d.resolve("dog/UPPER.PNG"), 20, 20, 0x209030);
    image(d.resolve("dog/PHOTO.JPG"), 20, 20, 0x20A030);
    image(d.resolve("cat/X.JPEG"), 20, 20, 0xC05040);
    image(d.resolve("ñandú/ñandú_😀.png"), 20, 20, 0x4060D0);
    image(d.resolve("ñandú/日本.jpg"), 20, 20, 0x4070E0);

    // Bad image files.
    Path locked = image(d.resolve("cat/locked.png"), 20, 20, 0xA03020);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(locked)) { // root reads any file: then it is a good image
      expected.put("cat/locked.png", "unreadable");
    }
    Files.createSymbolicLink(d.resolve("cat/gone.jpg"), d.resolve("cat/no-such-file.jpg"));
    expected.put("cat/gone.jpg", "unreadable");
    byte[] jpeg = Files.readAllBytes(noise(tmp.resolve("noise.jpg")));
    Files.write(d.resolve("cat/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    expected.put("cat/cut.jpg", "truncated");
    byte[] png = Files.readAllBytes(noise(tmp.resolve("noise.png")));
    Files.write(d.resolve("dog/cut.png"), Arrays.copyOf(png, png.length * 2 / 3));
    expected.put("dog/cut.png", "truncated");
    Files.write(d.resolve("dog/empty.png"), new byte[0]);
    expected.put("dog/empty.png", "zero_bytes");
    Files.writeString(d.resolve("cat/notes.jpg"), "shopping list: milk, eggs\n");
    expected.put("cat/notes.jpg", "not_an_image");
    Files.copy(ENGINE_DATA.resolve("decode/arith.jpg"), d.resolve("dog/arith.jpg"));
    expected.put("dog/arith.jpg", "unsupported");
    Files.write(d.resolve("dog/photo.jpg"), webp());
    expected.put("dog/photo.jpg", "unsupported");
    Files.write(d.resolve("cat/bomb.png"), bomb(10_000, 9_000)); // 90,000,000 > 89,478,485
    expected.put("cat/bomb.png", "too_large");
    image(d.resolve("ñandú/tiny.png"), 4, 4, 0x4060D0);
    expected.put("ñandú/tiny.png", "too_small");
    Files.copy(d.resolve("cat/0_1.png"), d.resolve("dog/copy.png"));
    expected.put("dog/copy.png", "duplicate");

    // Left out without being images: hidden entries, other files, an empty class folder.
    Files.writeString(d.resolve("cat/.DS_Store"), "mac");
    image(d.resolve("cat/.thumb.png"), 20, 20, 0);
    image(d.resolve(".cache/c.png"), 20, 20, 0);
    Files.writeString(d.resolve("cat/notes.txt"), "notes");
    Files.writeString(d.resolve("dog/LICENSE"), "CC0");
    Files.writeString(d.resolve("README.md"), "# data");
    Files.createDirectories(d.resolve("bird"));
    return expected;
  }

  @Test
  void everyBadFileIsNamedTrainingUsesTheRestAndNothingIsChanged() throws Exception {
    Path data = tmp.resolve("data");
    Map<String, String> expected = badDataset(data);
    Map<String, String> before = fingerprint(data);

    CliRun text = CliRun.of("dataset", "stats", data.toString());
    CliRun machine = CliRun.of("dataset", "stats", data.toString(), "--json");

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(machine.code()).as(machine.err()).isZero();
    JsonNode doc = json.readTree(machine.out());
    assertThat(doc.get("classes"))
        .extracting(JsonNode::asText)
        .containsExactly("cat", "dog", "ñandú");
    assertThat(doc.get("layout").asText()).isEqualTo("one tree");

    Map<String, String> found = new TreeMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    for (JsonNode p : doc.get("problems")) {
      found.put(p.get("file").asText(), p.get("kind").asText());
      reasons.put(p.get("file").asText(), p.get("reason").asText());
    }
    assertThat(found).isEqualTo(expected);
    assertThat(reasons.get("cat/bomb.png"))
        .isEqualTo(
            "too large: 10000×9000 pixels, over the limit of 89,478,485 pixels (a decompression"
                + " bomb?)");
    assertThat(reasons.get("cat/gone.jpg")).isEqualTo("cannot read (a link to a missing file)");
    assertThat(reasons.get("dog/arith.jpg"))
        .isEqualTo("unsupported format (arithmetic-coded JPEG)");
    assertThat(reasons.get("dog/photo.jpg")).isEqualTo("unsupported format (WebP)");
    assertThat(reasons.get("dog/copy.png")).isEqualTo("same content as cat/0_1.png");
    assertThat(reasons.get("ñandú/tiny.png")).isEqualTo("too small: 4×4 pixels, under 8 on a side");
    // The human report names every bad file with its reason on one line.
    for (Map.Entry<String, String> r : reasons.entrySet()) {
      assertThat(text.out()).contains("  " + r.getKey() + ": " + r.getValue() + "\n");
    }

    assertThat(doc.get("skipped").findValuesAsText("file"))
        .containsExactly("README.md", "cat/notes.txt", "dog/LICENSE");
    assertThat(doc.get("hidden"))
        .extracting(JsonNode::asText)
        .containsExactly(".cache", "cat/.DS_Store", "cat/.thumb.png");
    assertThat(doc.get("emptyFolders")).extracting(JsonNode::asText).containsExactly("bird");
    assertThat(text.out()).contains("folders without images (not classes): bird");

    long excluded =
        expected.values().stream()
            .filter(k -> !k.equals("too_small") && !k.equals("duplicate"))
            .count();
    int good = 18 + 6 + (expected.containsKey("cat/locked.png") ? 0 : 1) + 2; // + tiny + copy
    assertThat(doc.get("imageFiles").asInt()).isEqualTo(good + excluded);
    assertThat(doc.get("images").asInt()).isEqualTo(good);
    assertThat(doc.get("unusable").asLong()).isEqualTo(excluded);
    int counted = 0;
    for (JsonNode c : doc.get("counts")) {
      counted += c.get("train").asInt() + c.get("val").asInt() + c.get("test").asInt();
    }
    assertThat(counted).isEqualTo(good);
    assertThat(doc.get("trainStats").get("mean")).hasSize(3);
    assertThat(doc.get("trainStats").get("images").asInt()).isLessThan(good).isPositive();

    // Training on the same folder uses the good files and leaves the bad ones out.
    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            data.toString(),
            "--model",
            "simplenet",
            "--epochs",
            "1",
            "--batch",
            "8",
            "--size",
            "32",
            "--threads",
            "2",
            "-o",
            run.toString());
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("epoch 1/1");
    // Before training, train prints the numbers stats prints: usable images per split, the files
    // left out (the first five named), the empty class folder.
    int usableTrain = doc.get("usable").get("train").asInt();
    int usableVal = doc.get("usable").get("val").asInt();
    String usableLine =
        "usable images: " + usableTrain + " train, " + usableVal + " val; 3 classes\n";
    int leftOut = (int) excluded + 3;
    assertThat(doc.get("leftOut").asInt()).isEqualTo(leftOut);
    String leftOutLine =
        "left out: "
            + leftOut
            + " files ("
            + excluded
            + " image files that cannot be used, 3 other files)";
    String emptyFolder =
        "warning: bird/ has no images, so it is not a class (the model learns 3 classes)\n";
    assertThat(text.out()).contains(usableLine, leftOutLine + "\n", emptyFolder);
    assertThat(train.out())
        .startsWith(usableLine + leftOutLine + ":\n  cat/bomb.png: too large: ")
        .contains("  … and " + (leftOut - 5) + " more (layerbench dataset stats ", emptyFolder)
        .contains("on " + usableTrain + " images (" + usableVal + " for validation), 3 classes");
    assertThat(train.out().lines().filter(l -> l.startsWith("  ")).count())
        .as("five files named, and the rest counted")
        .isEqualTo(6);
    assertThat(usableTrain + usableVal).isEqualTo(good);
    JsonNode runJson = json.readTree(run.resolve("run.json").toFile());
    assertThat(runJson.get("status").asText()).isEqualTo("finished");
    assertThat(runJson.get("trainSamples").asInt()).isEqualTo(usableTrain);
    assertThat(runJson.get("valSamples").asInt()).isEqualTo(usableVal);
    // Every file the scan calls unusable, plus the three non-images, and nothing else.
    assertThat(runJson.get("skippedFiles").asLong()).isEqualTo(excluded + 3);

    assertThat(fingerprint(data)).as("no file added, removed or changed").isEqualTo(before);
  }

  /**
   * stats_golden.json: torchvision's mean and std(unbiased=False) of stats/train
   * (gen_dataset_fixtures.py, torch 1.13); 1e-7 covers ToTensor's float32 rounding of v/255.
   */
  @Test
  void meanAndStdAreTorchvisions() throws Exception {
    JsonNode golden = json.readTree(ENGINE_DATA.resolve("stats_golden.json").toFile());
    CliRun run = CliRun.of("dataset", "stats", ENGINE_DATA.resolve("stats").toString(), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode stats = json.readTree(run.out()).get("trainStats");
    for (int c = 0; c < 3; c++) {
      assertThat(stats.get("mean").get(c).asDouble())
          .isCloseTo(golden.get("mean").get(c).asDouble(), within(1e-7));
      assertThat(stats.get("std").get(c).asDouble())
          .isCloseTo(golden.get("std").get(c).asDouble(), within(1e-7));
    }
    assertThat(stats.get("images").asInt()).isEqualTo(golden.get("images").asInt());

    CliRun text = CliRun.of("dataset", "stats", ENGINE_DATA.resolve("stats").toString());
    assertThat(text.out())
        .contains("layout: train/ and val/ folders")
        .containsPattern("cat +4 +1 +0")
        .contains(
            String.format(java.util.Locale.ROOT, "mean %.4f", golden.get("mean").get(0).asDouble()))
        .contains("ImageNet:       mean 0.485  0.456  0.406   std 0.229  0.224  0.225");
  }

  @Test
  void helpStatesTheDefinitionAndErrorsFollowTheContract() {
    CliRun help = CliRun.of("dataset", "stats", "--help");
    assertThat(help.code()).isZero();
    String flat = help.out().replaceAll("\\s+", " ");
    assertThat(flat)
        .contains("v/255")
        .contains("over all N pixels of all training images together")
        .contains("torch.std(unbiased=False)")
        .contains("ImageNet");

    CliRun missing = CliRun.of("dataset", "stats", tmp.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).startsWith("layerbench: dataset folder not found: ");

    assertThat(CliRun.of("dataset", "stats").code()).isEqualTo(2);
    // An out-of-range option is bad usage, refused in one line before anything is read.
    CliRun badSplit = CliRun.of("dataset", "stats", tmp.toString(), "--val-split", "1.5");
    assertThat(badSplit.code()).isEqualTo(2);
    assertThat(badSplit.err().strip().lines()).hasSize(1);
  }

  @Test
  void aDatasetTrainRefusesIsReportedWithTheReason() throws Exception {
    Path one = tmp.resolve("one");
    image(one.resolve("cat/a.png"), 20, 20, 0x808080);
    image(one.resolve("cat/b.png"), 20, 20, 0x808081);
    CliRun stats = CliRun.of("dataset", "stats", one.toString());
    assertThat(stats.code()).as(stats.err()).isZero();
    assertThat(stats.out())
        .contains("cannot train: the dataset " + one + " has 1 class ('cat'): a classifier needs");
    JsonNode doc = json.readTree(CliRun.of("dataset", "stats", one.toString(), "--json").out());
    assertThat(doc.get("errors").get(0).asText()).contains("needs at least 2 classes");

    // a class folder that cannot be read: both commands refuse the dataset, naming the folder
    Path link = Files.createSymbolicLink(one.resolve("dog"), tmp.resolve("unmounted"));
    CliRun refused = CliRun.of("dataset", "stats", one.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err().strip())
        .isEqualTo(
            "layerbench: cannot read the class folder "
                + one.toAbsolutePath().normalize().resolve("dog")
                + ": it is a link to a missing target");
    assertThat(link).isSymbolicLink();
  }

  // ---- files ------------------------------------------------------------------------------

  private static Path image(Path file, int w, int h, int rgb) throws IOException {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        im.setRGB(x, y, rgb + ((x * 3 + y) & 0x0F));
      }
    }
    return write(im, file);
  }

  private static Path noise(Path file) throws IOException {
    BufferedImage im = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 64 * 64; i++) {
      im.setRGB(i % 64, i / 64, (int) (i * 2654435761L));
    }
    return write(im, file);
  }

  private static Path write(BufferedImage im, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String format = name.endsWith(".png") ? "png" : "jpeg";
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(im, format, out)) {
        throw new IOException("no writer for " + format);
      }
    }
    return file;
  }

  private static byte[] webp() {
    byte[] b = new byte[40];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    b[4] = 32;
    System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
    return b;
  }

  /** A valid 1-bit greyscale PNG of w×h black pixels: a few kB that would decode to w·h·3 bytes. */
  private static byte[] bomb(int w, int h) throws IOException {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(z)) {
      byte[] row = new byte[1 + (w + 7) / 8]; // filter byte 0, then zeros
      for (int y = 0; y < h; y++) {
        deflate.write(row);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(
        out,
        "IHDR",
        ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 1).put((byte) 0).array());
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * Every entry under the folder with what it is: a file's SHA-256 and permissions, a link's
   * target, a folder's permissions. Links are not followed.
   */
  private static Map<String, String> fingerprint(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.toList();
    }
    for (Path p : all) {
      String key = root.relativize(p).toString();
      String perms =
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
      if (Files.isSymbolicLink(p)) {
        out.put(key, "link -> " + Files.readSymbolicLink(p));
      } else if (Files.isDirectory(p)) {
        out.put(key, "folder " + perms);
      } else if (!Files.isReadable(p)) {
        out.put(
            key,
            "unreadable " + perms + " " + Files.size(p) + " bytes " + Files.getLastModifiedTime(p));
      } else {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
          sha.update(in.readAllBytes());
        }
        out.put(
            key,
            HexFormat.of().formatHex(sha.digest())
                + " "
                + perms
                + " "
                + Files.getLastModifiedTime(p));
      }
    }
    return out;
  }
}
