package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The evaluate and predict banners: a file's failure says which file and why. */
class FailureTest {
  @Test
  void aFileFailureNamesTheFileAndTheReason() {
    Failure f =
        Failure.of(
            "evaluate run-3",
            new CompletionException(
                new ExecutionException(new AccessDeniedException("/d/run-3/model.lbmodel"))));
    assertThat(f.message())
        .isEqualTo("Could not evaluate run-3: /d/run-3/model.lbmodel: permission denied.");
    assertThat(f.details()).contains("AccessDeniedException");
  }

  @Test
  void otherFailuresKeepTheirWords() {
    assertThat(Failure.of("classify", new IllegalStateException("no classes")).message())
        .isEqualTo("Could not classify: no classes.");
  }
}
