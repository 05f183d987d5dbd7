package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run folder: the lock names its process while held and is free once released.
 * (Another process as the second writer: the app's TrainInterruptionTest.)
 */
class RunLockTest {
  @TempDir Path dir;

  @Test
  void aHeldFolderIsRefusedNamingTheProcessAndFreeAfterwards() throws Exception {
    long pid = ProcessHandle.current().pid();
    try (RunLock lock = RunLock.acquire(dir)) {
      assertThat(RunLock.holder(dir)).hasValue(pid);
      assertThatThrownBy(() -> RunLock.acquire(dir))
          .isInstanceOf(TrainingFailedException.class)
          .hasMessageContaining("process " + pid);
      assertThatThrownBy(() -> TrainingRun.resume(dir, null))
          .hasMessageContaining("process " + pid);
    }
    assertThat(RunLock.holder(dir)).isEmpty();
    assertThat(dir.resolve(RunLock.FILE)).isRegularFile();
    try (RunLock again = RunLock.acquire(dir)) {
      assertThat(RunLock.holder(dir)).hasValue(pid);
    }
  }

  /** A pid left by a killed writer and since reused (here: pid 1) does not block a resume. */
  @Test
  void aReusedPidDoesNotBlockAResume() throws Exception {
    Files.writeString(dir.resolve(RunLock.FILE), "1\n");
    assertThatThrownBy(() -> TrainingRun.resume(dir, null))
        .hasMessageContaining("not a run folder with a checkpoint");
  }

  @Test
  void aDeadWritersPidIsNotAWriter() throws Exception {
    Files.writeString(dir.resolve(RunLock.FILE), "999999999\n");
    assertThat(RunLock.holder(dir)).isEmpty();
    try (RunLock lock = RunLock.acquire(dir)) {
      assertThat(Files.readString(dir.resolve(RunLock.FILE)).strip())
          .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
  }
}
