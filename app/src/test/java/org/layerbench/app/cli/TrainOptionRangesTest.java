package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers out of range are refused by the parser, as bad usage (exit 2), before anything is read or
 * written: {@code --size 100000} once overflowed into "layerbench: -1036337152".
 */
class TrainOptionRangesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "--threads, -3, --threads must be between 0 and",
    "--size, 0, --size must be between 1 and",
    "--size, 100000, --size must be between 1 and 8192, got 100000",
    "--epochs, 0, --epochs must be between 1 and",
    "--batch, 0, --batch must be between 1 and",
    "--workers, 0, --workers must be between 1 and",
    "--val-split, 1.5, --val-split must be at least 0 and below 1, got 1.5",
    "--lr, 0, --lr must be a positive number",
    "--weight-decay, -1, --weight-decay must be 0 or a positive number"
  })
  void outOfRangeIsBadUsage(String option, String value, String message) {
    Path run = dir.resolve("r");
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            TrainCommandTest.SAMPLE.toString(),
            "--model",
            "simplenet",
            option,
            value,
            "-o",
            run.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(run).doesNotExist();
  }
}
