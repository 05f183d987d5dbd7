package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.project.ProjectFile;

/** The first-start copy of the bundled sample into the user's home. */
class BundledSampleTest {
  static final Path SOURCE = Path.of("../sample-data/project");

  @TempDir Path tmp;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void copiesTheWholeSampleFromTheClassPathAndItOpens() throws Exception {
    Path folder = tmp.resolve("LayerBench/sample");

    Path project = BundledSample.copyTo(folder);

    assertThat(project).isEqualTo(folder.resolve("sample.lbproj"));
    assertThat(files(folder)).isEqualTo(files(SOURCE)).hasSizeGreaterThan(600);
    for (Path f :
        List.of(Path.of("sample.lbproj"), Path.of("data/shapes/val/square/square_049.png"))) {
      assertThat(Files.mismatch(folder.resolve(f), SOURCE.resolve(f))).isEqualTo(-1L);
    }
    assertThat(ProjectFile.read(project).name()).isEqualTo("Shapes sample");
    // No staging folder is left beside the copy, and the copy has an ordinary mode, not 0700.
    try (Stream<Path> beside = Files.list(tmp.resolve("LayerBench"))) {
      assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("sample");
    }
    assertThat(Files.getPosixFilePermissions(folder)).contains(PosixFilePermission.OTHERS_READ);
  }

  @Test
  void anExistingCopyIsLeftAsItIs() throws Exception {
    Path folder = tmp.resolve("sample");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("sample.lbproj"), "mine");

    Path project = BundledSample.copyTo(folder);

    assertThat(Files.readString(project)).isEqualTo("mine");
    assertThat(files(folder)).containsExactly(Path.of("sample.lbproj"));
  }

  @Test
  void aFolderWithoutTheProjectIsFilledInKeepingItsFiles() throws Exception {
    Path folder = tmp.resolve("sample");
    Path edited = folder.resolve("data/shapes/train/circle/circle_000.png");
    Files.createDirectories(edited.getParent());
    Files.writeString(edited, "edited");
    Files.writeString(folder.resolve("notes.txt"), "keep");

    BundledSample.copyTo(folder);

    assertThat(Files.readString(edited)).isEqualTo("edited");
    assertThat(Files.readString(folder.resolve("notes.txt"))).isEqualTo("keep");
    assertThat(folder.resolve("sample.lbproj")).exists();
    assertThat(folder.resolve("data/shapes/val/triangle/triangle_000.png")).exists();
  }

  @Test
  void copiesOutOfAJarAsTheInstalledAppHasIt() throws Exception {
    Path jar = tmp.resolve("sample-data.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name :
          List.of("org/layerbench/sample/sample.lbproj", "org/layerbench/sample/data/a/x.png")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(name.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    Path folder = tmp.resolve("home/LayerBench/sample");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      BundledSample.copyTo(loader, folder);
    }

    assertThat(files(folder)).containsExactly(Path.of("data/a/x.png"), Path.of("sample.lbproj"));
    assertThat(Files.readString(folder.resolve("data/a/x.png")))
        .isEqualTo("org/layerbench/sample/data/a/x.png");
  }

  @Test
  void noBundledSampleIsAnErrorThatLeavesNothingBehind() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> BundledSample.copyTo(empty, tmp.resolve("home/sample")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not on the class path");
    }
    assertThat(tmp.resolve("home/sample")).doesNotExist();
  }

  @Test
  void theDefaultFolderIsInTheUsersHomeUnlessConfigured() {
    String old = System.getProperty(BundledSample.FOLDER_PROPERTY);
    try {
      System.clearProperty(BundledSample.FOLDER_PROPERTY);
      assertThat(BundledSample.defaultFolder())
          .isEqualTo(Path.of(System.getProperty("user.home"), "LayerBench", "sample"));
      System.setProperty(BundledSample.FOLDER_PROPERTY, tmp.toString());
      assertThat(BundledSample.defaultFolder()).isEqualTo(tmp);
    } finally {
      if (old == null) {
        System.clearProperty(BundledSample.FOLDER_PROPERTY);
      } else {
        System.setProperty(BundledSample.FOLDER_PROPERTY, old);
      }
    }
  }
}
