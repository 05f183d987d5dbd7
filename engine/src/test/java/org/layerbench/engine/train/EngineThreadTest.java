package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine thread's start: once per thread, and a failure fails the task instead of hanging. */
class EngineThreadTest {
  @Test
  void anEngineThatCannotStartFailsEachTaskWithTheReason() {
    try (EngineThread engine =
        new EngineThread(
            () -> {
              throw new EngineUnavailableException("no libtorch here", null);
            })) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> engine.submit(() -> 1).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(EngineUnavailableException.class)
            .hasMessage("no libtorch here");
      }
    }
  }

  @Test
  void prepareRunsOnceBeforeTheFirstTask() throws Exception {
    AtomicInteger prepared = new AtomicInteger();
    try (EngineThread engine = new EngineThread(prepared::incrementAndGet)) {
      assertThat(engine.submit(prepared::get).get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(engine.submit(prepared::get).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void theReasonNamesTheInnermostCauseAndTheLibraryPath() {
    String why =
        Engines.unavailable(
            new IllegalStateException(
                "Failed to save pytorch index file",
                new java.io.IOException("Offline mode is enabled.")));
    assertThat(why)
        .startsWith("PyTorch's native libraries could not be loaded: Failed to save pytorch index")
        .contains("(Offline mode is enabled.)");
  }
}
