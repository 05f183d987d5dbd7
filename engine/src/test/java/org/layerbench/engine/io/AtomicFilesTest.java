package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void streamWriterReplacesTheFile() throws IOException {
    Path file = dir.resolve("sub/a.txt");
    AtomicFiles.writeString(file, "old");
    AtomicFiles.write(
        file,
        out -> {
          out.write("new ".getBytes(StandardCharsets.UTF_8));
          out.write('!');
          out.close(); // closing is allowed and only flushes
        });
    assertThat(file).hasContent("new !");
    assertThat(siblings(file.getParent())).containsExactly("a.txt");
  }

  /** A staged file is not in place, and the target keeps its content, until the commit. */
  @Test
  void aStagedFileReplacesTheTargetOnlyWhenCommitted() throws IOException {
    Path file = dir.resolve("checkpoints/last.lbmodel");
    AtomicFiles.writeString(file, "epoch 1");
    AtomicFiles.Staged staged =
        AtomicFiles.stage(file, out -> out.write("epoch 2".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(file)).isEqualTo("epoch 1");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(2)
          .anyMatch(n -> n.startsWith(".last.lbmodel.") && n.endsWith(".tmp"));
    }
    staged.commit();
    assertThat(Files.readString(file)).isEqualTo("epoch 2");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  /**
   * A copied checkpoint is a file of its own: writing into it in place, as {@code cp} does, leaves
   * the source alone (a hard link would have changed both).
   */
  @Test
  void aCopyIsAFileOfItsOwnEvenForWritesInPlace() throws IOException {
    Path last = dir.resolve("checkpoints/last.lbmodel");
    Path best = dir.resolve("checkpoints/best.lbmodel");
    AtomicFiles.writeString(last, "epoch 1");
    AtomicFiles.copy(last, best);
    assertThat(Files.isSameFile(last, best)).isFalse();
    Files.writeString(best, "another bundle"); // opens the existing file and truncates it
    assertThat(last).hasContent("epoch 1");
    assertThat(siblings(last.getParent()))
        .containsExactlyInAnyOrder("best.lbmodel", "last.lbmodel");
  }

  @Test
  void staleTemporaryFilesAreRemovedAndNothingElse() throws IOException {
    AtomicFiles.writeString(dir.resolve("run.json"), "{}");
    Files.writeString(dir.resolve(".last.lbmodel.123.tmp"), "half");
    Files.writeString(dir.resolve(".model.lbmodel.456.link"), "old");
    Files.writeString(dir.resolve(".lock"), "1");
    Files.writeString(dir.resolve("notes.tmp"), "a user's file");
    assertThat(AtomicFiles.removeStale(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(".last.lbmodel.123.tmp", ".model.lbmodel.456.link");
    assertThat(siblings(dir)).containsExactlyInAnyOrder("run.json", ".lock", "notes.tmp");
    assertThat(AtomicFiles.removeStale(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void aFailingWriterLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.lbmodel");
    AtomicFiles.writeString(file, "previous content");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write(new byte[200_000]); // more than the buffer: some reached the disk
                      throw new IOException("disk full, say");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full, say");
    assertThat(file).hasContent("previous content");
    assertThat(siblings(dir)).containsExactly("model.lbmodel");
  }

  @Test
  void anUncheckedExceptionAlsoLeavesNothingBehind() throws IOException {
    Path file = dir.resolve("new.bin");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write(1);
                      throw new IllegalStateException("bug in the writer");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(file).doesNotExist();
    assertThat(siblings(dir)).isEmpty();
  }

  private static java.util.List<String> siblings(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @org.junit.jupiter.api.Test
  void savedFilesAreReadableAndKeepTheModeOfTheFileTheyReplace(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("a.json");
    AtomicFiles.writeString(file, "1");
    org.assertj.core.api.Assertions.assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    java.nio.file.Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(file, "2");
    org.assertj.core.api.Assertions.assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw----");
  }
}
