package org.layerbench.app.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample project that ships inside the app (the sample-data jar, under {@value #ROOT}/), copied
 * once to a folder the user can write. An installed app is read-only, and a project's runs are
 * written next to its file, so the window opens the copy, never the bundled original.
 */
public final class BundledSample {
  /** Where the sample-data module packs the project on the class path. */
  static final String ROOT = "org/layerbench/sample";

  static final String PROJECT = "sample.lbproj";

  /** System property naming the folder the sample is copied to (default ~/LayerBench/sample). */
  public static final String FOLDER_PROPERTY = "layerbench.sampleFolder";

  private BundledSample() {}

  /**
   * {@code ~/LayerBench/sample}, or the folder in the system property {@value #FOLDER_PROPERTY}.
   */
  public static Path defaultFolder() {
    String configured = System.getProperty(FOLDER_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), "LayerBench", "sample");
  }

  /**
   * Copies the bundled sample into {@code folder} and returns its project file there. A folder that
   * already holds a project file is left as it is (the user's copy, maybe edited, maybe trained);
   * one without is filled in, keeping whatever files it already has. A first copy goes to a
   * temporary folder beside the target and is renamed into place, so an interrupted copy never
   * looks like a finished one.
   */
  public static Path copyTo(Path folder) throws IOException {
    return copyTo(BundledSample.class.getClassLoader(), folder);
  }

  static Path copyTo(ClassLoader loader, Path folder) throws IOException {
    Path project = folder.resolve(PROJECT);
    if (Files.isRegularFile(project)) {
      return project;
    }
    URL url = loader.getResource(ROOT + "/" + PROJECT);
    if (url == null) {
      throw new IOException("the bundled sample project is not on the class path");
    }
    Path parent = folder.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Not createTempDirectory: its 0700 mode would stay on the user's folder after the rename.
    Path staging =
        Files.createDirectory(
            parent.resolve(
                "."
                    + folder.getFileName()
                    + "-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + System.nanoTime()));
    try {
      withSourceFolder(url, source -> copyTree(source, staging));
      if (Files.notExists(folder)) {
        try {
          Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
          return project;
        } catch (IOException e) {
          if (Files.notExists(folder)) {
            throw e;
          }
          // Another start created it meanwhile: fill it in below.
        }
      }
      copyTree(staging, folder);
      return project;
    } finally {
      deleteTree(staging);
    }
  }

  private interface FolderAction {
    void accept(Path folder) throws IOException;
  }

  /**
   * Gives the sample's folder: inside the jar (the installed app), or a directory (a build tree).
   */
  private static void withSourceFolder(URL projectUrl, FolderAction action) throws IOException {
    if ("jar".equals(projectUrl.getProtocol())) {
      Path jar;
      try {
        jar = Path.of(((JarURLConnection) projectUrl.openConnection()).getJarFileURL().toURI());
      } catch (URISyntaxException e) {
        throw new IOException("cannot locate the jar of " + projectUrl, e);
      }
      try (FileSystem zip = FileSystems.newFileSystem(jar)) {
        action.accept(zip.getPath("/" + ROOT));
      }
      return;
    }
    try {
      action.accept(Path.of(projectUrl.toURI()).getParent());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("cannot read the bundled sample at " + projectUrl, e);
    }
  }

  /** Copies every file under {@code from} to the same place under {@code to}, never overwriting. */
  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    // The project file last: its presence is what marks a folder as a finished copy.
    files.sort(Comparator.comparing((Path f) -> from.relativize(f).toString().equals(PROJECT)));
    for (Path file : files) {
      // Resolve by name: the source may live on another file system (a jar).
      Path target = to;
      for (Path part : from.relativize(file)) {
        target = target.resolve(part.toString());
      }
      if (Files.exists(target)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.copy(file, target);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.notExists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
