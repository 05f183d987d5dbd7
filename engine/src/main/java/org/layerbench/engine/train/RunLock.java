package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The one writer of a run folder (DESIGN §10): an OS lock ({@link FileChannel#tryLock}) on the
 * folder's {@code .lock} file, which holds the writer's process id while it writes. The OS drops
 * the lock when the process dies, however it dies, so a killed writer never blocks the folder; the
 * file itself is never deleted (a writer waiting on a deleted file would lock a name nobody else
 * sees).
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name in the run folder. */
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the folder for this process (creating it if needed), or refuses with a sentence naming
   * the process that holds it.
   */
  public static RunLock acquire(Path dir) throws IOException, TrainingFailedException {
    Files.createDirectories(dir);
    FileChannel ch =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      lock = null; // another run of this process writes it (the window training it, say)
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new TrainingFailedException(busy(dir, holder(dir)));
    }
    try {
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(pid), 0);
      ch.force(false);
    } catch (IOException e) {
      lock.release();
      ch.close();
      throw e;
    }
    return new RunLock(ch, lock);
  }

  /** The sentence a second writer is refused with. */
  static String busy(Path dir, OptionalLong pid) {
    return dir
        + " is being written by "
        + (pid.isPresent() ? "process " + pid.getAsLong() : "another process")
        + (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid() ? " (this one)" : "")
        + " — wait for that run to end or stop it, or choose another folder";
  }

  /**
   * The process id written in the folder's lock file when that process is alive, else empty (no
   * writer, or one that was killed). A hint for what to show, not a lock: only {@link #acquire}
   * decides.
   */
  public static OptionalLong holder(Path dir) {
    try {
      String s = Files.readString(dir.resolve(FILE), StandardCharsets.US_ASCII).strip();
      if (s.isEmpty()) {
        return OptionalLong.empty();
      }
      long pid = Long.parseLong(s);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Empties the pid and releases the lock. */
  @Override
  public void close() throws IOException {
    try (channel) {
      if (lock.isValid()) {
        channel.truncate(0);
        lock.release();
      }
    }
  }
}
