package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index with a non-image file kind: WAV files in class folders, never opened. */
class FolderIndexTest {

  private static final FolderIndex.FileKind AUDIO =
      new FolderIndex.FileKind("audio", "audio files", Set.of("wav"));

  private final FolderIndex wavs = new FolderIndex(AUDIO);

  @TempDir Path dir;

  /** Not a WAV file at all: an index that decoded anything would fail on these. */
  private Path touch(Path root, String relative) {
    return TestImages.bytes(root.resolve(relative), "not audio".getBytes());
  }

  private static List<String> names(List<Sample> samples) {
    return samples.stream().map(s -> s.label() + ":" + s.file().getFileName()).toList();
  }

  @Test
  void indexesWavFilesInClassFoldersWithoutDecodingThem() throws IOException {
    touch(dir, "yes/b.wav");
    touch(dir, "yes/a.WAV");
    touch(dir, "yes/deeper/c.wav");
    touch(dir, "no/n1.wav");
    touch(dir, "no/cover.png");
    touch(dir, "no/.DS_Store");
    touch(dir, "silence/readme.txt");
    touch(dir, "stray.wav");

    FolderIndex.Listing listing = wavs.list(dir, 0, 0);

    DatasetSplits s = listing.splits();
    assertThat(s.classes()).containsExactly("no", "yes");
    assertThat(names(s.train())).containsExactly("0:n1.wav", "1:a.WAV", "1:b.wav", "1:c.wav");
    assertThat(s.train()).allMatch(sample -> sample.row() == -1);
    assertThat(s.val()).isEmpty();
    assertThat(s.skipped())
        .extracting(p -> dir.relativize(p.file()) + ": " + p.reason())
        .containsExactlyInAnyOrder(
            "no/cover.png: not an audio file (.png)",
            "silence/readme.txt: not an audio file (.txt)",
            "stray.wav: not inside a class folder");
    assertThat(listing.hidden()).containsExactly(dir.resolve("no/.DS_Store"));
    assertThat(listing.emptyFolders()).containsExactly(dir.resolve("silence"));
    assertThat(listing.splitFolders()).isFalse();
  }

  @Test
  void trainValTestFoldersOfWavFiles() throws IOException {
    touch(dir, "train/yes/y1.wav");
    touch(dir, "train/no/n1.wav");
    touch(dir, "val/yes/y2.wav");
    touch(dir, "test/no/n2.wav");

    DatasetSplits s = wavs.scan(dir, 0.5, 1);

    assertThat(names(s.train())).containsExactly("0:n1.wav", "1:y1.wav");
    assertThat(names(s.val())).containsExactly("1:y2.wav");
    assertThat(names(s.test())).containsExactly("0:n2.wav");
  }

  /** One ordering and one seeded split for every modality: the same tree, other extensions. */
  @Test
  void sameOrderAndSplitAsAnImageFolderOfTheSameTree() throws IOException {
    Path images = dir.resolve("images");
    Path audio = dir.resolve("audio");
    for (String c : List.of("ä", "B", "a", "z")) {
      for (int i = 0; i < 7; i++) {
        String name = c + "/" + (i % 2 == 0 ? "sub/" : "") + "f" + (13 - i);
        touch(images, name + ".png");
        touch(audio, name + ".wav");
      }
    }

    DatasetSplits fromImages = ImageFolder.scan(images, 0.3, 42);
    DatasetSplits fromWavs = wavs.scan(audio, 0.3, 42);

    assertThat(fromWavs.classes()).isEqualTo(fromImages.classes());
    assertThat(stems(fromWavs.train())).isEqualTo(stems(fromImages.train()));
    assertThat(stems(fromWavs.val())).isEqualTo(stems(fromImages.val()));
    assertThat(fromWavs.val()).hasSize(8);
  }

  private static List<String> stems(List<Sample> samples) {
    return names(samples).stream().map(n -> n.substring(0, n.lastIndexOf('.'))).toList();
  }

  @Test
  void messagesNameTheKindOfFile() throws IOException {
    touch(dir, "notes.txt");
    assertThatThrownBy(() -> wavs.scan(dir, 0, 0))
        .hasMessage(
            "no classes found in " + dir + ": expected one folder of audio files per class");

    touch(dir, "yes/y.wav");
    assertThatThrownBy(() -> wavs.scan(dir, 0, 0))
        .hasMessageEndingWith(
            "has 1 class ('yes'): a classifier needs at least 2 classes, one folder of audio"
                + " files each");
  }

  @Test
  void anImageIndexLeavesWavFilesOut() throws IOException {
    touch(dir, "cat/c.png");
    touch(dir, "cat/meow.wav");
    touch(dir, "dog/d.jpg");

    assertThat(ImageFolder.scan(dir, 0, 0).skipped())
        .extracting(FileProblem::reason)
        .containsExactly("not an image file (.wav)");
  }

  @Test
  void extensionsAreLowerCaseWithoutTheDot() {
    assertThatThrownBy(() -> new FolderIndex.FileKind("audio", "audio files", Set.of(".wav")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FolderIndex.FileKind("audio", "audio files", Set.of("WAV")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
