package org.layerbench.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real text files of {@code ../shared/data/text/}, found as the engine's tests find them
 * (engine {@code data.text.SharedTextData}, which another module's tests cannot reach): from the
 * working directory upwards; tests that need them skip with the reason when absent. The one lookup
 * for every app test.
 */
public final class SharedText {
  public static final String SENTIMENT140 = "sentiment140-excerpt.csv";
  public static final String YELP = "yelp_labelled.txt";

  private SharedText() {}

  /** A file of {@code ../shared/data/text/}, or the test is skipped with the reason. */
  public static Path file(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/text").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(
        false, "../shared/data/text/" + name + " is not there (shared data not checked out)");
    return null;
  }
}
