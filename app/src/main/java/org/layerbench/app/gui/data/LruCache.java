package org.layerbench.app.gui.data;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded map that forgets the least recently used entry first. Thread-safe. */
final class LruCache<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> map;

  LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized int size() {
    return map.size();
  }

  synchronized void clear() {
    map.clear();
  }

  int capacity() {
    return capacity;
  }
}
