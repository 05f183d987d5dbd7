package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path dir;

  /** An empty file is enough: the scan never opens images. */
  private Path touch(String relative) {
    return TestImages.bytes(dir.resolve(relative), new byte[0]);
  }

  /** The listing of a dataset of one class, which {@link ImageFolder#scan} refuses. */
  private static DatasetSplits listed(Path dir, double valFraction, long seed) throws IOException {
    return ImageFolder.list(dir, valFraction, seed).splits();
  }

  private static List<String> names(List<Sample> samples) {
    return samples.stream().map(s -> s.label() + ":" + s.file().getFileName()).toList();
  }

  @Test
  void trainValTestLayout() throws IOException {
    touch("train/dog/d1.png");
    touch("train/cat/c1.png");
    touch("train/cat/c2.jpg");
    touch("val/cat/c3.png");
    touch("val/dog/d2.png");
    touch("test/dog/d3.png");
    touch("README.md"); // next to the split folders: not part of any split, not a problem

    DatasetSplits s = ImageFolder.scan(dir, 0.2, 1);

    assertThat(s.classes()).containsExactly("cat", "dog");
    assertThat(names(s.train())).containsExactly("0:c1.png", "0:c2.jpg", "1:d1.png");
    assertThat(names(s.val())).containsExactly("0:c3.png", "1:d2.png");
    assertThat(names(s.test())).containsExactly("1:d3.png");
    assertThat(s.skipped()).isEmpty();
    assertThat(s.train().get(0).file()).isAbsolute();
  }

  @Test
  void valMayLackAClassButNotHaveAnExtraOne() throws IOException {
    touch("train/cat/c1.png");
    touch("train/dog/d1.png");
    touch("val/dog/d2.png");
    assertThat(names(ImageFolder.scan(dir, 0.2, 1).val())).containsExactly("1:d2.png");

    touch("val/bird/b1.png");
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0.2, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("val/ has class 'bird' that train/ lacks");
  }

  @Test
  void trainWithoutValIsSplit() throws IOException {
    for (int i = 0; i < 10; i++) {
      touch("train/a/" + i + ".png");
    }
    DatasetSplits s = listed(dir, 0.3, 5);
    assertThat(s.train()).hasSize(7);
    assertThat(s.val()).hasSize(3);
  }

  @Test
  void singleTreeIsSplitPerClassDeterministically() throws IOException {
    for (String c : List.of("a", "b", "c")) {
      for (int i = 0; i < 10; i++) {
        touch(c + "/img" + i + ".png");
      }
    }
    touch("c/extra.png"); // 11 files: round(2.2) = 2 to val

    DatasetSplits s = ImageFolder.scan(dir, 0.2, 42);

    assertThat(s.classes()).containsExactly("a", "b", "c");
    assertThat(s.test()).isEmpty();
    for (int label = 0; label < 3; label++) {
      int l = label;
      assertThat(s.val().stream().filter(x -> x.label() == l)).hasSize(2);
    }
    assertThat(s.train()).hasSize(25);
    List<Path> all = new ArrayList<>(s.train().stream().map(Sample::file).toList());
    all.addAll(s.val().stream().map(Sample::file).toList());
    assertThat(all).doesNotHaveDuplicates().hasSize(31);

    assertThat(ImageFolder.scan(dir, 0.2, 42)).isEqualTo(s);
    List<List<Sample>> otherSeeds = new ArrayList<>();
    for (long seed = 0; seed < 5; seed++) {
      otherSeeds.add(ImageFolder.scan(dir, 0.2, seed).val());
    }
    assertThat(otherSeeds).anySatisfy(v -> assertThat(v).isNotEqualTo(s.val()));
    // Both parts keep file order.
    assertThat(s.train().stream().filter(x -> x.label() == 0).map(x -> x.file().toString()))
        .isSorted();
  }

  @Test
  void everyClassKeepsATrainingImage() throws IOException {
    touch("a/1.png");
    touch("b/1.png");
    touch("b/2.png");
    DatasetSplits s = ImageFolder.scan(dir, 0.9, 3);
    assertThat(names(s.train())).contains("0:1.png");
    assertThat(s.train()).hasSize(2);
    assertThat(s.val()).hasSize(1);
    assertThat(ImageFolder.scan(dir, 0.0, 3).val()).isEmpty();
  }

  @Test
  void filesAtAnyDepthBelongToTheirClassInTorchvisionOrder() throws IOException {
    touch("cat/z.png");
    touch("cat/a/b/deep.png");
    touch("cat/a-b/x.png");
    touch("cat/a/y.png");
    touch("cat/b.png");

    DatasetSplits s = listed(dir, 0, 0);

    // torchvision: sorted(os.walk(...)) by folder path, then sorted file names; '-' < '/', so
    // the folder "cat/a-b" comes before "cat/a/b".
    assertThat(s.train().stream().map(x -> dir.relativize(x.file()).toString()))
        .containsExactly(
            "cat/b.png", "cat/z.png", "cat/a/y.png", "cat/a-b/x.png", "cat/a/b/deep.png");
  }

  @Test
  void hiddenFilesAndFoldersAreSkippedSilently() throws IOException {
    touch("cat/1.png");
    touch("cat/.DS_Store");
    touch("cat/.hidden.png");
    touch("cat/.thumbs/2.png");
    touch(".ipynb_checkpoints/3.png");

    DatasetSplits s = listed(dir, 0, 0);

    assertThat(s.classes()).containsExactly("cat");
    assertThat(names(s.train())).containsExactly("0:1.png");
    assertThat(s.skipped()).isEmpty();
  }

  @Test
  void listingNamesHiddenEntriesAndFoldersWithoutImages() throws IOException {
    touch("cat/1.png");
    touch("cat/.DS_Store");
    touch("cat/.thumbs/2.png");
    touch(".ipynb_checkpoints/3.png");
    Files.createDirectories(dir.resolve("bird"));
    touch("dog/readme.txt");

    ImageFolder.Listing listing = ImageFolder.list(dir, 0, 0);

    assertThat(listing.splitFolders()).isFalse();
    assertThat(listing.hidden())
        .containsExactly(
            dir.resolve(".ipynb_checkpoints"),
            dir.resolve("cat/.DS_Store"),
            dir.resolve("cat/.thumbs"));
    assertThat(listing.emptyFolders()).containsExactly(dir.resolve("bird"), dir.resolve("dog"));
    assertThat(listing.splits()).isEqualTo(listed(dir, 0, 0));
    assertThat(listing.splits().classes()).containsExactly("cat");
  }

  @Test
  void nonImagesAreReported() throws IOException {
    touch("cat/1.png");
    Path notes = touch("cat/notes.txt");
    Path noExt = touch("cat/LICENSE");
    Path loose = touch("labels.csv");

    DatasetSplits s = listed(dir, 0, 0);

    assertThat(s.train()).hasSize(1);
    assertThat(s.skipped())
        .containsExactlyInAnyOrder(
            new FileProblem(notes.toAbsolutePath(), "not an image file (.txt)"),
            new FileProblem(noExt.toAbsolutePath(), "not an image file"),
            new FileProblem(loose.toAbsolutePath(), "not inside a class folder"));
  }

  @Test
  void emptyClassFolderIsNotAClass() throws IOException {
    touch("cat/1.png");
    Files.createDirectories(dir.resolve("bird"));
    touch("dog/readme.txt"); // no images: not a class either
    assertThat(listed(dir, 0, 0).classes()).containsExactly("cat");
  }

  @Test
  void extensionsMatchIgnoringCase() throws IOException {
    touch("cat/a.PNG");
    touch("cat/b.JpEg");
    touch("cat/c.Bmp");
    touch("cat/d.GIF");
    touch("cat/e.jpg");
    assertThat(listed(dir, 0, 0).train()).hasSize(5);
  }

  @Test
  void unicodeNamesSortByCodePointAsPython() throws IOException {
    // Python sorts by code point: 'Z' < 'a' < 'é' < U+FF5E < U+1F600. Java's String order would
    // put the emoji (a surrogate pair, 0xD83D...) before U+FF5E.
    for (String c : List.of("\uD83D\uDE00", "\uFF5E", "é", "a", "Z")) {
      touch(c + "/café.png");
    }
    DatasetSplits s = ImageFolder.scan(dir, 0, 0);
    assertThat(s.classes()).containsExactly("Z", "a", "é", "\uFF5E", "\uD83D\uDE00");
    assertThat(s.train().get(2).file().getFileName().toString()).isEqualTo("café.png");
    assertThat(s.train().get(2).label()).isEqualTo(2);
  }

  @Test
  void oneLineErrors() throws IOException {
    assertThatThrownBy(() -> ImageFolder.scan(dir.resolve("nope"), 0.2, 0))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("dataset folder not found: ");
    touch("only-a-file.png");
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0.2, 0))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("no classes found in ")
        .message()
        .doesNotContain("\n");
    assertThatThrownBy(() -> ImageFolder.scan(dir.resolve("only-a-file.png"), 0.2, 0))
        .hasMessageStartingWith("dataset is not a folder: ");
    assertThatThrownBy(() -> ImageFolder.scan(dir, 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClassFolderThatCannotBeReadIsAnErrorNamingIt() throws IOException {
    touch("cat/1.png");
    touch("dog/1.png");
    // A class on a drive that is not mounted: dropping it trained a model with fewer classes.
    Path bird = Files.createSymbolicLink(dir.resolve("bird"), dir.resolve("unmounted/bird"));
    String message = "cannot read the class folder " + bird + ": it is a link to a missing target";
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0, 0)).hasMessage(message);
    assertThatThrownBy(() -> ImageFolder.list(dir, 0, 0)).hasMessage(message);
    Files.delete(bird);

    Path loop = Files.createSymbolicLink(dir.resolve("fish"), dir.resolve("fish"));
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0, 0))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot read the class folder " + loop + ": its link cannot be")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void aClassFolderOfTrainOrValThatCannotBeReadIsAnError() throws IOException {
    touch("train/cat/1.png");
    touch("train/dog/1.png");
    touch("val/cat/2.png");
    Path dog = Files.createSymbolicLink(dir.resolve("val/dog"), dir.resolve("gone"));
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0, 0))
        .hasMessage("cannot read the class folder " + dog + ": it is a link to a missing target");
  }

  @Test
  void aFolderInsideAClassThatCannotBeListedIsAnError() throws IOException {
    touch("cat/1.png");
    touch("dog/1.png");
    Path locked = touch("cat/more/2.png").getParent();
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      Assumptions.assumeFalse(
          Files.isReadable(locked),
          "running as root, who lists any folder: permission denied cannot be made here (the"
              + " dangling-link tests cover a class folder that cannot be read)");
      assertThatThrownBy(() -> ImageFolder.scan(dir, 0, 0))
          .hasMessage("cannot read the folder " + locked + " (in class 'cat'): permission denied");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aFileWhereAClassFolderShouldBeIsLeftOutAndReported() throws IOException {
    touch("train/cat/1.png");
    touch("train/dog/1.png");
    Path file = touch("train/bird");
    assertThat(ImageFolder.scan(dir, 0, 0).skipped())
        .containsExactly(new FileProblem(file, "not inside a class folder"));
  }

  @Test
  void oneClassIsRefusedByScanAndListedByList() throws IOException {
    touch("cat/1.png");
    touch("cat/2.png");
    Files.createDirectories(dir.resolve("dog"));
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0.5, 0))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the dataset "
                + dir
                + " has 1 class ('cat'): a classifier needs at least 2 classes, one folder of"
                + " images each");
    assertThat(ImageFolder.list(dir, 0.5, 0).splits().classes()).containsExactly("cat");
  }

  @Test
  void aValClassWhoseTrainFolderIsEmptyIsAnError() throws IOException {
    touch("train/cat/1.png");
    touch("train/dog/1.png");
    Files.createDirectories(dir.resolve("train/bird"));
    touch("val/bird/1.png");
    assertThatThrownBy(() -> ImageFolder.scan(dir, 0, 0))
        .hasMessage(
            "val/bird has images but train/bird has none: the model could never learn class"
                + " 'bird'");
  }
}
