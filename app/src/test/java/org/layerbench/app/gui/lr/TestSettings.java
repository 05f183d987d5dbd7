package org.layerbench.app.gui.lr;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.layerbench.app.gui.Settings;

/** In-memory settings for the tests (the window's preferences stay untouched). */
final class TestSettings implements Settings {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  private final Map<String, String> map = new HashMap<>();

  @Override
  public String get(String key, String fallback) {
    return map.getOrDefault(key, fallback);
  }

  @Override
  public void put(String key, String value) {
    map.put(key, value);
  }
}
