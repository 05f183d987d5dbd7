package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScanTest {

  @TempDir Path dir;

  static Path statsDataset() throws URISyntaxException {
    return Path.of(DatasetScanTest.class.getResource("/data/stats").toURI());
  }

  static JsonNode statsGolden() throws IOException {
    try (InputStream in = DatasetScanTest.class.getResourceAsStream("/data/stats_golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  /**
   * stats_golden.json (gen_dataset_fixtures.py): torchvision's ImageFolder(stats/train, ToTensor())
   * over 8 images of mixed sizes and modes (RGB, L, P, RGBA, CMYK JPEG, BMP), all pixels
   * concatenated, mean and std(unbiased=False) in float64. val/ is pure white and black, so taking
   * it in would move the mean by far more than the tolerance.
   */
  @Test
  void trainingSplitStatisticsEqualTorchvisions() throws Exception {
    JsonNode golden = statsGolden();
    ScanReport report =
        DatasetScan.scan(statsDataset(), ScanOptions.defaults(), ProgressMonitor.NONE);
    ChannelStats s = report.trainStats();

    assertThat(s.images()).isEqualTo(golden.get("images").asLong());
    assertThat(s.pixels()).isEqualTo(golden.get("pixels").asLong());
    for (int c = 0; c < 3; c++) {
      // The exact values (numpy float64 of v/255) to rounding; torch's within the float32
      // rounding of ToTensor's v/255 (at most 3e-8 per value, seen: 1e-8).
      assertThat(s.mean()[c]).isCloseTo(golden.get("mean_exact").get(c).asDouble(), within(1e-12));
      assertThat(s.std()[c]).isCloseTo(golden.get("std_exact").get(c).asDouble(), within(1e-12));
      assertThat(s.mean()[c]).isCloseTo(golden.get("mean").get(c).asDouble(), within(1e-7));
      assertThat(s.std()[c]).isCloseTo(golden.get("std").get(c).asDouble(), within(1e-7));
      // Population std, not Bessel's: the unbiased one is 3e-5 away here.
      assertThat(Math.abs(s.std()[c] - golden.get("std_unbiased").get(c).asDouble()))
          .isGreaterThan(1e-5);
    }

    assertThat(report.classes()).containsExactly("cat", "dog");
    assertThat(report.splitFolders()).isTrue();
    assertThat(report.counts())
        .containsExactly(
            new ScanReport.ClassCount("cat", 4, 1, 0), new ScanReport.ClassCount("dog", 4, 1, 0));
    assertThat(report.problems()).isEmpty();
    assertThat(report.modes())
        .extracting(ScanReport.ModeCount::mode)
        .containsExactly("RGB", "CMYK", "L", "P", "RGBA");
    assertThat(report.sizes()).first().isEqualTo(new ScanReport.SizeCount(30, 30, 2));

    // The standalone computation over the same files gives the same numbers.
    List<Path> trainFiles =
        ImageFolder.scan(statsDataset(), 0.2, 1).train().stream().map(Sample::file).toList();
    assertThat(ChannelStatistics.compute(trainFiles, ProgressMonitor.NONE)).isEqualTo(s);
  }

  @Test
  void oneTreeIsSplitAsTrainSplitsIt() throws IOException {
    for (int i = 0; i < 10; i++) {
      TestImages.solid(dir.resolve("a/" + i + ".png"), 9, 9, i * 0x0A0B0C);
      TestImages.solid(dir.resolve("b/" + i + ".png"), 9, 9, 0xFFFFFF - i * 0x050505);
    }
    ScanReport report =
        DatasetScan.scan(dir, ScanOptions.defaults().withSplit(0.3, 7), ProgressMonitor.NONE);
    assertThat(report.splitFolders()).isFalse();
    assertThat(report.counts())
        .containsExactly(
            new ScanReport.ClassCount("a", 7, 3, 0), new ScanReport.ClassCount("b", 7, 3, 0));
    List<Path> train = ImageFolder.scan(dir, 0.3, 7).train().stream().map(Sample::file).toList();
    assertThat(report.trainStats())
        .isEqualTo(ChannelStatistics.compute(train, ProgressMonitor.NONE));
  }

  @Test
  void duplicatesAreFoundByContentAndPointAtTheFirstCopy() throws IOException {
    Path original = TestImages.solid(dir.resolve("train/cat/a.png"), 10, 10, 0x336699);
    Path sameSizeOtherBytes = TestImages.solid(dir.resolve("train/cat/b.png"), 10, 10, 0x336698);
    assertThat(Files.size(sameSizeOtherBytes)).isEqualTo(Files.size(original));
    Path copy =
        Files.copy(original, Files.createDirectories(dir.resolve("train/dog")).resolve("z.png"));
    Path leak =
        Files.copy(original, Files.createDirectories(dir.resolve("val/cat")).resolve("v.png"));
    TestImages.solid(dir.resolve("val/dog/w.png"), 12, 10, 0);

    ScanReport report = DatasetScan.scan(dir, ScanOptions.defaults(), ProgressMonitor.NONE);

    assertThat(report.problems(ProblemKind.DUPLICATE))
        .containsExactly(
            new ScanProblem(
                copy,
                "train",
                "dog",
                ProblemKind.DUPLICATE,
                "same content as train/cat/a.png",
                original),
            new ScanProblem(
                leak,
                "val",
                "cat",
                ProblemKind.DUPLICATE,
                "same content as train/cat/a.png (in train)",
                original));
    // Duplicates still train: they are warnings, counted as usable.
    assertThat(report.images()).isEqualTo(5);
    assertThat(report.counts())
        .containsExactly(
            new ScanReport.ClassCount("cat", 2, 1, 0), new ScanReport.ClassCount("dog", 1, 1, 0));
  }

  @Test
  void tooSmallIsAWarningWithItsThreshold() throws IOException {
    Path tiny = TestImages.solid(dir.resolve("cat/tiny.png"), 4, 30, 0x101010);
    TestImages.solid(dir.resolve("cat/ok.png"), 8, 8, 0x202020);
    TestImages.solid(dir.resolve("dog/ok.png"), 8, 8, 0x303030);

    ScanReport report =
        DatasetScan.scan(dir, ScanOptions.defaults().withSplit(0, 1), ProgressMonitor.NONE);

    assertThat(report.problems())
        .containsExactly(
            new ScanProblem(
                tiny,
                "train",
                "cat",
                ProblemKind.TOO_SMALL,
                "too small: 4×30 pixels, under 8 on a side",
                null));
    assertThat(report.images()).isEqualTo(3);
    assertThat(
            DatasetScan.scan(dir, ScanOptions.defaults().withMinSide(4), ProgressMonitor.NONE)
                .problems())
        .isEmpty();
  }

  @Test
  void sizesAreAfterExifOrientationAndModesArePillows() throws Exception {
    Path cls = Files.createDirectories(dir.resolve("photos"));
    Files.copy(DecodeGoldenTest.fixture("orient_6.jpg"), cls.resolve("portrait.jpg"));
    Files.copy(DecodeGoldenTest.fixture("orient_1.jpg"), cls.resolve("landscape.jpg"));
    Files.copy(DecodeGoldenTest.fixture("P_trns.png"), cls.resolve("palette.png"));
    Files.copy(DecodeGoldenTest.fixture("I16.png"), cls.resolve("gray16.png"));

    ScanReport report =
        DatasetScan.scan(dir, ScanOptions.defaults().withSplit(0, 1), ProgressMonitor.NONE);

    assertThat(report.sizes())
        .containsExactly(
            new ScanReport.SizeCount(13, 9, 2),
            new ScanReport.SizeCount(16, 24, 1),
            new ScanReport.SizeCount(24, 16, 1));
    assertThat(report.modes())
        .containsExactly(
            new ScanReport.ModeCount("RGB", 2),
            new ScanReport.ModeCount("I;16", 1),
            new ScanReport.ModeCount("P", 1));
  }

  @Test
  void progressIsReportedInOrderOnTheCallingThread() throws IOException {
    for (int i = 0; i < 12; i++) {
      TestImages.solid(dir.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"), 9, 9, 0x010101 * i);
    }
    Files.copy(dir.resolve("a/0.png"), dir.resolve("b/copy.png"));
    Thread caller = Thread.currentThread();
    List<String> seen = new ArrayList<>();
    ProgressMonitor monitor =
        new ProgressMonitor() {
          @Override
          public void progress(String stage, long done, long total) {
            assertThat(Thread.currentThread()).isSameAs(caller);
            seen.add(stage + " " + done + "/" + total);
          }
        };
    DatasetScan.scan(dir, ScanOptions.defaults().withThreads(3), monitor);

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 13; i++) {
      expected.add("decoding " + i + "/13");
    }
    // Every file is 9×9 and of one colour, so all 13 PNGs may share a byte size; only those do.
    int sameSize = (int) seen.stream().filter(s -> s.startsWith("duplicates")).count();
    for (int i = 1; i <= sameSize; i++) {
      expected.add("duplicates " + i + "/" + sameSize);
    }
    assertThat(sameSize).isGreaterThanOrEqualTo(2);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void cancellingStopsTheScanWithoutAReport() throws IOException {
    for (int i = 0; i < 40; i++) {
      TestImages.solid(dir.resolve("c" + i % 3 + "/" + i + ".png"), 32, 32, 0x030507 * i);
    }
    List<Long> done = new ArrayList<>();
    ProgressMonitor cancelAtTen =
        new ProgressMonitor() {
          @Override
          public void progress(String stage, long d, long total) {
            done.add(d);
          }

          @Override
          public boolean isCancelled() {
            return done.size() >= 10;
          }
        };
    assertThatThrownBy(
            () -> DatasetScan.scan(dir, ScanOptions.defaults().withThreads(2), cancelAtTen))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("after 10 of 40 files");
    assertThat(done).hasSize(10);
    // The helper threads are gone when scan() returns.
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("layerbench-scan-") && t.isAlive());

    List<Path> files = ImageFolder.scan(dir, 0, 1).train().stream().map(Sample::file).toList();
    done.clear();
    assertThatThrownBy(() -> ChannelStatistics.compute(files, cancelAtTen))
        .isInstanceOf(CancellationException.class);
    assertThat(done).hasSize(10);

    // Cancelled before it starts: nothing is read.
    assertThatThrownBy(
            () ->
                DatasetScan.scan(
                    dir, ScanOptions.defaults(), ProgressMonitor.cancelledWhen(() -> true)))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void theNumberOfThreadsDoesNotChangeTheReport() throws Exception {
    for (int i = 0; i < 15; i++) {
      BufferedImage im = new BufferedImage(8 + i, 9 + 2 * i, BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < im.getWidth() * im.getHeight(); p++) {
        im.setRGB(p % im.getWidth(), p / im.getWidth(), (int) (p * 2654435761L * (i + 1)));
      }
      TestImages.write(im, dir.resolve("k" + i % 2 + "/" + i + (i % 3 == 0 ? ".jpg" : ".png")));
    }
    byte[] whole = Files.readAllBytes(dir.resolve("k1/13.png"));
    TestImages.bytes(
        dir.resolve("k0/broken.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
    ScanReport one =
        DatasetScan.scan(dir, ScanOptions.defaults().withThreads(1), ProgressMonitor.NONE);
    ScanReport three =
        DatasetScan.scan(dir, ScanOptions.defaults().withThreads(3), ProgressMonitor.NONE);
    assertThat(three).isEqualTo(one);
    assertThat(one.problems()).extracting(ScanProblem::kind).containsExactly(ProblemKind.TRUNCATED);
  }

  @Test
  void imagenetDefaultsAndTheirExplanation() {
    ChannelStats imagenet = ChannelStats.imagenet();
    assertThat(imagenet.mean()).containsExactly(0.485, 0.456, 0.406);
    assertThat(imagenet.std()).containsExactly(0.229, 0.224, 0.225);
    assertThat(ChannelStats.IMAGENET_EXPLANATION)
        .contains("ImageNet", "pretrained", "training split");
    assertThat(ChannelStats.DEFINITION).contains("v/255", "N", "unbiased=False");
    // The accessors copy: a caller cannot change a report's numbers.
    imagenet.mean()[0] = 9;
    assertThat(imagenet.mean()[0]).isEqualTo(0.485);
  }

  @Test
  void aMissingFolderIsAOneLineError() {
    assertThatThrownBy(
            () ->
                DatasetScan.scan(dir.resolve("nope"), ScanOptions.defaults(), ProgressMonitor.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("dataset folder not found: ");
  }

  /** A 16×16 JPEG of noise cut in half: libjpeg would decode it with a grey lower half. */
  private Path cutJpeg(Path file) throws IOException {
    BufferedImage im = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 256; i++) {
      im.setRGB(i % 16, i / 16, (int) (i * 2654435761L));
    }
    byte[] full = Files.readAllBytes(TestImages.write(im, dir.resolve("whole.jpg")));
    Files.delete(dir.resolve("whole.jpg"));
    return TestImages.bytes(file, java.util.Arrays.copyOf(full, full.length / 2));
  }

  @Test
  void trainingUsesWhatDecodesAndTheSummaryNamesWhatIsLeftOut() throws IOException {
    for (int i = 0; i < 3; i++) {
      TestImages.solid(dir.resolve("train/cat/" + i + ".png"), 9, 9, 0x203040 * (i + 1));
      TestImages.solid(dir.resolve("train/dog/" + i + ".png"), 9, 9, 0x402010 * (i + 1));
    }
    TestImages.solid(dir.resolve("val/cat/v.png"), 9, 9, 0x102030);
    TestImages.solid(dir.resolve("val/dog/v.png"), 9, 9, 0x302010);
    Path cut = cutJpeg(dir.resolve("train/dog/cut.jpg"));
    Path empty = TestImages.bytes(dir.resolve("train/cat/empty.png"), new byte[0]);
    Path notes = TestImages.bytes(dir.resolve("train/cat/notes.txt"), "milk".getBytes());
    Files.createDirectories(dir.resolve("train/bird"));

    DatasetScan.Usable usable = DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE);
    DatasetSplits splits = usable.trainable();
    assertThat(splits.classes()).containsExactly("cat", "dog");
    assertThat(splits.train()).hasSize(6).noneMatch(s -> s.file().equals(cut));
    assertThat(splits.val()).hasSize(2);
    assertThat(splits.skipped())
        .extracting(FileProblem::file)
        .containsExactlyInAnyOrder(cut, empty, notes);
    assertThat(usable.report().summary(2))
        .containsExactly(
            "usable images: 6 train, 2 val; 2 classes",
            "left out: 3 files (2 image files that cannot be used, 1 other file):",
            "  train/cat/empty.png: zero bytes",
            "  train/dog/cut.jpg: truncated: the file ends before the image does",
            "  … and 1 more (layerbench dataset stats " + dir + " lists them all)",
            "warning: train/bird/ has no images, so it is not a class (the model learns 2"
                + " classes)");
    // the report of `dataset stats` gives the same numbers
    ScanReport stats = DatasetScan.scan(dir, ScanOptions.defaults(), ProgressMonitor.NONE);
    assertThat(stats.summary(2)).isEqualTo(usable.report().summary(2));

    assertThat(DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE))
        .as("an unchanged folder is not decoded again")
        .isSameAs(usable);
    Files.copy(
        cut, dir.resolve("train/dog/0.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    DatasetScan.Usable changed = DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE);
    assertThat(changed.splits().train()).hasSize(5);
    assertThat(changed.report().leftOut()).hasSize(4);
    Files.createDirectories(dir.resolve("train/fox"));
    assertThat(DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE).report().warnings())
        .as("a new empty folder is seen")
        .hasSize(2);
  }

  @Test
  void aClassWithoutAUsableTrainingImageAndASingleClassAreErrors() throws IOException {
    TestImages.solid(dir.resolve("cat/0.png"), 9, 9, 0x203040);
    TestImages.solid(dir.resolve("cat/1.png"), 9, 9, 0x203041);
    cutJpeg(dir.resolve("dog/0.jpg"));
    TestImages.bytes(dir.resolve("dog/1.png"), new byte[0]);
    DatasetScan.Usable usable = DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE);
    assertThat(usable.report().errors())
        .containsExactly(
            "class 'dog' has no usable training images (dog: every image file is left out)");
    assertThat(usable.report().summary(0))
        .endsWith(
            "cannot train: class 'dog' has no usable training images (dog: every image file is"
                + " left out)");
    assertThatThrownBy(usable::trainable)
        .isInstanceOf(IOException.class)
        .hasMessage(usable.report().errors().getFirst());

    Files.delete(dir.resolve("dog/0.jpg"));
    Files.delete(dir.resolve("dog/1.png"));
    DatasetScan.Usable one = DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE);
    assertThat(one.report().errors())
        .containsExactly(
            "the dataset "
                + dir
                + " has 1 class ('cat'): a classifier needs at least 2 classes, one folder of"
                + " images each");
    assertThatThrownBy(one::trainable).hasMessageContaining("needs at least 2 classes");
    assertThat(one.report().warnings())
        .containsExactly("dog/ has no images, so it is not a class (the model learns 1 class)");
  }

  @Test
  void aClassWithoutValidationImagesIsAWarning() throws IOException {
    TestImages.solid(dir.resolve("train/cat/0.png"), 9, 9, 0x203040);
    TestImages.solid(dir.resolve("train/dog/0.png"), 9, 9, 0x402010);
    TestImages.solid(dir.resolve("val/cat/0.png"), 9, 9, 0x203041);
    Files.createDirectories(dir.resolve("val/dog"));
    ScanReport report = DatasetScan.usable(dir, 0.2, 1, ProgressMonitor.NONE).report();
    assertThat(report.warnings())
        .containsExactly("class 'dog' has no validation images: its accuracy is not measured");
    assertThat(report.errors()).isEmpty();
  }
}
