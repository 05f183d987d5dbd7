package org.layerbench.engine.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash or kill never leaves a half-written one behind: the bytes go to a
 * temporary file in the same folder, are forced to disk, and the temporary file is renamed over the
 * target in one step (DESIGN §5).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's content to a stream; used for content too large to build in memory first. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Copies a file over another atomically (a checkpoint becoming the exported bundle). The two
   * files share nothing afterwards: changing one, even in place (as {@code cp} does), never changes
   * the other — which a hard link would not promise.
   */
  public static void copy(Path source, Path target) throws IOException {
    write(target, out -> java.nio.file.Files.copy(source, out));
  }

  /**
   * Removes the temporary files that writes by this class leave when their process dies mid-write
   * ({@code .NAME.*.tmp}; {@code .NAME.*.link} from older versions) directly inside {@code dir}.
   * Only for a folder no live process is writing (its writer holds a lock on it); a folder that
   * does not exist has none.
   *
   * @return the files removed
   */
  public static java.util.List<Path> removeStale(Path dir) throws IOException {
    java.util.List<Path> removed = new java.util.ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".")
            && (n.endsWith(".tmp") || n.endsWith(".link"))
            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.deleteIfExists(p)) {
          removed.add(p);
        }
      }
    }
    return removed;
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Temporary files are created owner-only (0600); a saved file should instead keep the mode of the
   * file it replaces, or get the usual rw-r--r-- (less the umask, which the OS applies to new files
   * but not to this explicit mode, so this only ever grants read to others as an editor would).
   */
  private static void keepPermissions(Path target, Path tmp) {
    try {
      var mode =
          Files.exists(target)
              ? Files.getPosixFilePermissions(target)
              : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(tmp, mode);
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: keep whatever the temporary file has
    }
  }

  /**
   * Writes {@code target} from what {@code writer} writes. If the writer throws (any exception),
   * the previous file is left as it was and the temporary file is removed. The writer may close the
   * stream it is given; closing only flushes it.
   */
  public static void write(Path target, StreamWriter writer) throws IOException {
    stage(target, writer).commit();
  }

  /**
   * The first half of {@link #write}: the content is written to the temporary file, which {@link
   * Staged#commit} then forces to disk and renames over {@code target}. Forcing a large file is
   * most of the time its writing takes (a 684 MB checkpoint: 0.4 s to write, 1.1 s more to force on
   * this machine's disk), so a caller with other work may commit on another thread. Until the
   * commit {@code target} keeps its previous content. If the writer throws, the temporary file is
   * removed and nothing is staged.
   */
  public static Staged stage(Path target, StreamWriter writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean staged = false;
    try {
      keepPermissions(absolute, tmp);
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        var buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        // Shield the channel from close() so that a writer closing its stream only flushes it.
        writer.writeTo(
            new FilterOutputStream(buffered) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            });
        buffered.flush();
      }
      staged = true;
      return new Staged(tmp, absolute);
    } finally {
      if (!staged) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** A file written under its temporary name, not yet durable nor in place. */
  public static final class Staged {
    private final Path tmp;
    private final Path target;

    private Staged(Path tmp, Path target) {
      this.tmp = tmp;
      this.target = target;
    }

    public Path target() {
      return target;
    }

    /**
     * Forces the content to disk and renames it over the target (fsync applies to the file, not to
     * the descriptor that wrote it). On failure the target keeps its previous content.
     */
    public void commit() throws IOException {
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        replace(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Renames the finished temporary file over the target in one step, and makes that durable. */
  private static void replace(Path tmp, Path absolute) throws IOException {
    try {
      Files.move(
          tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(absolute.getParent());
  }

  /**
   * The rename itself is durable only once the folder is on disk. Best effort: some platforms
   * (Windows) cannot open a folder as a channel, and the file is complete either way.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not durable across a power cut on this platform, but never half-written.
    }
  }
}
