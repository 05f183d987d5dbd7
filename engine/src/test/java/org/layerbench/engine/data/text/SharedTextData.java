package org.layerbench.engine.data.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real text files of {@code ../shared/data/text/} beside the repository (see its README), found
 * from the working directory upwards; tests that need them skip with the reason when absent.
 */
public final class SharedTextData {

  public static final String SENTIMENT140 = "sentiment140-excerpt.csv";
  public static final String AMAZON = "amazon_cells_labelled.txt";
  public static final String YELP = "yelp_labelled.txt";

  private SharedTextData() {}

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
