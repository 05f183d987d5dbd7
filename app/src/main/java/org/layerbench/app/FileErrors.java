package org.layerbench.app;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failed file operation into the words a person reads, for the CLI and the window alike:
 * which file and why ("cannot write /mnt/out.png: read-only file system"). Java's own messages are
 * a bare path for a denied permission and the OS's errno text for a full disk; neither says both.
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * "cannot read FILE: REASON"; {@code file} names it when the exception does not. A reader's own
   * message that already names the file ("bad.json: line 3: …") is kept as it is.
   */
  public static String reading(Path file, IOException e) {
    if (!isOsFailure(e) && mentions(e.getMessage(), file)) {
      return e.getMessage();
    }
    return "cannot read " + fileOf(e, file) + ": " + reason(e);
  }

  /**
   * "cannot write FILE: REASON". A failure on a writer's temporary sibling ({@code
   * .out.png.123.tmp}) or on the folder it lives in is reported against {@code target}, the file
   * the user named.
   */
  public static String writing(Path target, IOException e) {
    return "cannot write " + target + ": " + reason(e);
  }

  /**
   * Whether the OS refused the operation (permissions, space, a missing file), as opposed to a
   * reader refusing the content.
   */
  public static boolean isOsFailure(IOException e) {
    if (e instanceof FileSystemException || e instanceof FileNotFoundException) {
      return true;
    }
    String m = e.getMessage();
    return m != null && errno(m) != null;
  }

  private static boolean mentions(String message, Path file) {
    if (message == null || file == null) {
      return false;
    }
    Path name = file.getFileName();
    return message.contains(file.toString()) || (name != null && message.contains(name.toString()));
  }

  /** "FILE: REASON" from the exception alone (its file, else just the reason). */
  public static String describe(IOException e) {
    String file = fileOf(e, null);
    String reason = reason(e);
    return file == null || reason.contains(file) ? reason : file + ": " + reason;
  }

  /**
   * The first I/O failure in {@code t}'s chain of causes (through futures, reflection and {@link
   * UncheckedIOException}), described as {@link #describe}; empty when the failure is not about a
   * file.
   */
  public static Optional<String> find(Throwable t) {
    for (Throwable c = t; c != null; c = next(c)) {
      if (c instanceof IOException io) {
        return Optional.of(describe(io));
      }
    }
    return Optional.empty();
  }

  /**
   * Any failure of an operation on {@code file}: an I/O failure anywhere in its chain as {@link
   * #reading} or {@link #writing} says it; anything else (a reader refusing the content) by its own
   * message, with the file's name in front when the message does not already name it.
   */
  public static String about(Path file, boolean writing, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException io && isOsFailure(io)) {
        return writing ? writing(file, io) : reading(file, io);
      }
    }
    Throwable c = t;
    while ((c instanceof ExecutionException
            || c instanceof CompletionException
            || c instanceof InvocationTargetException
            || c instanceof UncheckedIOException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    String m = c.getMessage();
    if (m == null || m.isBlank()) {
      m = c.getClass().getSimpleName();
    }
    if (c instanceof IOException io) {
      return writing ? writing(file, io) : reading(file, io);
    }
    return mentions(m, file) ? m : file + ": " + m;
  }

  /**
   * Any failure's message for a person: a file's failure as {@link #find} says it, else its own.
   */
  public static String message(Throwable t) {
    return find(t).orElseGet(() -> t.getMessage() == null ? t.toString() : t.getMessage());
  }

  private static Throwable next(Throwable c) {
    if (c instanceof UncheckedIOException
        || c instanceof ExecutionException
        || c instanceof CompletionException
        || c instanceof InvocationTargetException
        || c.getMessage() == null
        || (c.getCause() != null && c.getMessage().equals(c.getCause().toString()))) {
      return c.getCause() == c ? null : c.getCause();
    }
    return null; // a failure with its own message says more than its cause
  }

  /**
   * Why, in words: permission denied, read-only file system, no space left on device, no such file
   * or folder, is a folder, and so on; the exception's own text where it is none of those.
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      String os = osReason(e);
      return os != null && os.toLowerCase(Locale.ROOT).contains("read-only")
          ? "read-only file system"
          : "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (e instanceof FileSystemLoopException) {
      return "its links form a loop";
    }
    if (!isOsFailure(e)) {
      // A library's wrapper ("I/O error writing PNG file!") around the OS's refusal.
      for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
        if (c instanceof IOException io && isOsFailure(io)) {
          return reason(io);
        }
      }
    }
    String text = osReason(e);
    if (text == null || text.isBlank()) {
      return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }
    String known = errno(text);
    return known != null ? known : text;
  }

  /** The OS's wording of common errno values, said as a sentence part. */
  private static String errno(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("no space left") || t.contains("enospc")) {
      return "no space left on device";
    }
    if (t.contains("disk quota exceeded") || t.contains("edquot")) {
      return "disk quota exceeded";
    }
    if (t.contains("read-only file system") || t.contains("erofs")) {
      return "read-only file system";
    }
    if (t.contains("permission denied") || t.contains("eacces") || t.contains("access is denied")) {
      return "permission denied";
    }
    if (t.contains("operation not permitted")) {
      return "operation not permitted";
    }
    if (t.contains("no such file")) {
      return "no such file or folder";
    }
    if (t.contains("is a directory")) {
      return "it is a folder, not a file";
    }
    if (t.contains("not a directory")) {
      return "not a folder";
    }
    if (t.contains("file too large")) {
      return "the file is too large for this file system";
    }
    if (t.contains("too many open files")) {
      return "too many open files";
    }
    if (t.contains("input/output error")) {
      return "input/output error (the disk or the connection to it failed)";
    }
    return null;
  }

  /**
   * The OS's reason inside the exception: {@link FileSystemException#getReason} (its message also
   * holds the paths), or the part in parentheses of a {@link FileNotFoundException}'s "PATH
   * (REASON)", or the message.
   */
  private static String osReason(IOException e) {
    if (e instanceof FileSystemException fs) {
      return fs.getReason();
    }
    String m = e.getMessage();
    if (e instanceof FileNotFoundException && m != null && m.endsWith(")") && m.contains(" (")) {
      return m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);
    }
    return m;
  }

  /** The file the exception names, else {@code fallback} (as text), else null. */
  private static String fileOf(IOException e, Path fallback) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      String file = fs.getFile();
      return fallback != null && isTemporarySibling(file) ? fallback.toString() : file;
    }
    String m = e.getMessage();
    if (e instanceof FileNotFoundException && m != null && m.contains(" (")) {
      return m.substring(0, m.lastIndexOf(" ("));
    }
    return fallback == null ? null : fallback.toString();
  }

  /** The hidden temporary name of an atomic write ({@code .model.json.12345.tmp}). */
  private static boolean isTemporarySibling(String file) {
    String name = Path.of(file).getFileName() == null ? "" : Path.of(file).getFileName().toString();
    return name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".link"));
  }
}
