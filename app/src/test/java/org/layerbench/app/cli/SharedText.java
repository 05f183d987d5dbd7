package org.layerbench.app.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared text files of {@code ../shared/data/text/}, found as the engine's SharedTextData finds
 * them (that helper lives in the engine's tests, which the app's tests do not see); tests skip with
 * the reason when they are absent.
 */
final class SharedText {
  private SharedText() {}

  static Path file(String name) {
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
