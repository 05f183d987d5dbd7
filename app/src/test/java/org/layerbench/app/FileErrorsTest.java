package org.layerbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed file operations said as "which file: why" in words. */
class FileErrorsTest {
  static final Path TARGET = Path.of("/mnt/out/model.json");

  @Test
  void theOsReasonsInWords() {
    assertThat(FileErrors.describe(new AccessDeniedException("/data/a.png")))
        .isEqualTo("/data/a.png: permission denied");
    assertThat(FileErrors.describe(new NoSuchFileException("/data/a.png")))
        .isEqualTo("/data/a.png: no such file or folder");
    assertThat(
            FileErrors.describe(
                new FileSystemException("/mnt/out/x", null, "Read-only file system")))
        .isEqualTo("/mnt/out/x: read-only file system");
    assertThat(FileErrors.describe(new IOException("No space left on device")))
        .isEqualTo("no space left on device");
    assertThat(FileErrors.describe(new IOException("Is a directory")))
        .isEqualTo("it is a folder, not a file");
    assertThat(FileErrors.describe(new FileNotFoundException("/a/b.csv (Permission denied)")))
        .isEqualTo("/a/b.csv: permission denied");
    assertThat(FileErrors.describe(new IOException("Disk quota exceeded")))
        .isEqualTo("disk quota exceeded");
  }

  @Test
  void writingNamesTheTargetNotTheTemporaryFile() {
    var onTmp =
        new FileSystemException("/mnt/out/.model.json.123.tmp", null, "Read-only file system");
    assertThat(FileErrors.writing(TARGET, onTmp))
        .isEqualTo("cannot write /mnt/out/model.json: read-only file system");
    assertThat(FileErrors.writing(TARGET, new IOException("No space left on device")))
        .isEqualTo("cannot write /mnt/out/model.json: no space left on device");
    assertThat(
            FileErrors.writing(
                TARGET,
                new javax.imageio.IIOException(
                    "I/O error writing PNG file!", new IOException("No space left on device"))))
        .isEqualTo("cannot write /mnt/out/model.json: no space left on device");
    assertThat(FileErrors.writing(TARGET, new AccessDeniedException("/mnt/out")))
        .isEqualTo("cannot write /mnt/out/model.json: permission denied");
  }

  @Test
  void aReadersOwnMessageNamingTheFileIsKept() {
    Path p = Path.of("/d/bad.json");
    assertThat(FileErrors.reading(p, new IOException("bad.json: line 3: unknown step 'Foo'")))
        .isEqualTo("bad.json: line 3: unknown step 'Foo'");
    assertThat(FileErrors.reading(p, new IOException("not a weight file")))
        .isEqualTo("cannot read /d/bad.json: not a weight file");
    assertThat(FileErrors.reading(p, new AccessDeniedException("/d/bad.json")))
        .isEqualTo("cannot read /d/bad.json: permission denied");
  }

  @Test
  void foundThroughWrappers() {
    assertThat(
            FileErrors.find(
                new ExecutionException(
                    new UncheckedIOException(new AccessDeniedException("/x/y.lbmodel")))))
        .contains("/x/y.lbmodel: permission denied");
    assertThat(FileErrors.find(new IllegalStateException("no classes"))).isEmpty();
  }

  @Test
  void messageOfAnyFailure() {
    assertThat(FileErrors.message(new AccessDeniedException("/data/cat")))
        .isEqualTo("/data/cat: permission denied");
    assertThat(FileErrors.message(new IllegalStateException("no classes"))).isEqualTo("no classes");
    assertThat(FileErrors.message(new NullPointerException()))
        .isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void aboutAnyFailureOfAFile() {
    Path p = Path.of("/p/x.lbproj");
    assertThat(
            FileErrors.about(
                p,
                true,
                new RuntimeException(
                    new FileSystemException("/p/.x.lbproj.9.tmp", null, "Read-only file system"))))
        .isEqualTo("cannot write /p/x.lbproj: read-only file system");
    assertThat(FileErrors.about(p, false, new IllegalArgumentException("unknown version 9")))
        .isEqualTo("/p/x.lbproj: unknown version 9");
  }

  @Test
  void realFailuresOfThisFileSystem(@TempDir Path dir) {
    assertThat(FileErrors.reading(dir, thrown(() -> Files.readString(dir))))
        .isEqualTo("cannot read " + dir + ": it is a folder, not a file");
    Path none = dir.resolve("none");
    assertThat(FileErrors.reading(none, thrown(() -> Files.readString(none))))
        .isEqualTo("cannot read " + none + ": no such file or folder");
  }

  private interface Io {
    void run() throws IOException;
  }

  private static IOException thrown(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("no IOException");
  }
}
