package org.layerbench.app.gui;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the workbench remembers between runs (recent projects, window bounds, theme) as string
 * pairs: Java preferences in the app, a map in tests.
 */
public interface Settings {
  String get(String key, String fallback);

  void put(String key, String value);

  /** Java preferences under {@code org/layerbench/workbench}. */
  static Settings preferences() {
    Preferences p = Preferences.userRoot().node("org/layerbench/workbench");
    return new Settings() {
      @Override
      public String get(String key, String fallback) {
        return p.get(key, fallback);
      }

      @Override
      public void put(String key, String value) {
        p.put(key, value);
        try {
          p.flush();
        } catch (BackingStoreException e) {
          // Remembering is a convenience; a read-only home loses it silently.
        }
      }
    };
  }

  static Settings inMemory() {
    Map<String, String> map = new HashMap<>();
    return new Settings() {
      @Override
      public String get(String key, String fallback) {
        return map.getOrDefault(key, fallback);
      }

      @Override
      public void put(String key, String value) {
        map.put(key, value);
      }
    };
  }
}
