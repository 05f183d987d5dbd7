package org.layerbench.app.gui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.image.Image;
import org.layerbench.app.gui.service.FxThrottle;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pil;

/**
 * Thumbnails for the image grid: decoded with the engine's decoder and shrunk with Pillow's
 * bilinear resize on a small pool of daemon threads, kept in a bounded LRU cache, and handed to the
 * FX thread in coalesced batches (DESIGN §4). The newest request is served first, so the cells the
 * person is looking at now load before the ones scrolled past; a request whose cell was reused is
 * cancelled and never decoded.
 */
public final class ThumbnailLoader implements AutoCloseable {

  /** The longer side of a thumbnail, in pixels. */
  public static final int SIZE = 96;

  /** A thumbnail, or why there is none. */
  public record Thumb(Image image, String error) {}

  /** A pending request; cancel it when the cell shows something else. */
  public interface Ticket {
    void cancel();
  }

  private static final AtomicInteger POOL = new AtomicInteger();

  private final LruCache<Path, Thumb> cache;
  private final Map<Path, List<Consumer<Thumb>>> waiting = new HashMap<>();
  private final LinkedBlockingDeque<Path> queue = new LinkedBlockingDeque<>();
  private final FxThrottle<Map.Entry<Path, Thumb>> delivery;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger decoded = new AtomicInteger();
  private final AtomicInteger decodedOnFx = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param threads decoding threads
   * @param capacity thumbnails kept in memory (about 37 KB each)
   * @param fx the FX thread's executor
   */
  public ThumbnailLoader(int threads, int capacity, java.util.concurrent.Executor fx) {
    this.cache = new LruCache<>(capacity);
    this.delivery = new FxThrottle<>(fx, 40, this::deliver);
    int pool = POOL.incrementAndGet();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::work, "layerbench-thumbnails-" + pool + "-" + i);
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY - 1);
      workers.add(t);
      t.start();
    }
  }

  /** The thumbnail when it is cached (FX thread). */
  public Thumb cached(Path file) {
    return cache.get(file);
  }

  /**
   * Asks for a thumbnail; {@code done} runs on the FX thread once it is ready, unless the ticket is
   * cancelled first. Call on the FX thread.
   */
  public Ticket request(Path file, Consumer<Thumb> done) {
    Thumb hit = cache.get(file);
    if (hit != null) {
      done.accept(hit);
      return () -> {};
    }
    synchronized (waiting) {
      List<Consumer<Thumb>> list = waiting.get(file);
      if (list == null) {
        list = new ArrayList<>();
        waiting.put(file, list);
        queue.addFirst(file);
      } else {
        // already queued: move it to the front, it is wanted now
        queue.remove(file);
        queue.addFirst(file);
      }
      list.add(done);
    }
    return () -> {
      synchronized (waiting) {
        List<Consumer<Thumb>> list = waiting.get(file);
        if (list != null) {
          list.remove(done);
          if (list.isEmpty()) {
            waiting.remove(file);
            queue.remove(file);
          }
        }
      }
    };
  }

  private void work() {
    while (!closed) {
      Path file;
      try {
        file = queue.takeFirst();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (waiting) {
        if (!waiting.containsKey(file)) {
          continue; // its cell moved on
        }
      }
      Thumb t = cache.get(file);
      if (t == null) {
        t = make(file);
        cache.put(file, t);
      }
      delivery.offer(Map.entry(file, t));
    }
  }

  private Thumb make(Path file) {
    if (Platform.isFxApplicationThread()) {
      decodedOnFx.incrementAndGet();
    }
    decoded.incrementAndGet();
    try {
      Image8 image = Image8.of(ImageDecoder.decode(file));
      return new Thumb(FxImages.of(shrink(image, SIZE)), null);
    } catch (org.layerbench.engine.data.image.ImageDecodeException e) {
      return new Thumb(null, e.reason());
    } catch (RuntimeException | OutOfMemoryError e) {
      return new Thumb(null, "cannot show (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The image resized so its longer side is {@code size} (Pillow's bilinear filter). */
  static Image8 shrink(Image8 image, int size) {
    int w = image.width();
    int h = image.height();
    double scale = (double) size / Math.max(w, h);
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    return Pil.resize(image, tw, th, Pil.Interpolation.BILINEAR);
  }

  private void deliver(List<Map.Entry<Path, Thumb>> batch) {
    for (Map.Entry<Path, Thumb> e : batch) {
      List<Consumer<Thumb>> list;
      synchronized (waiting) {
        list = waiting.remove(e.getKey());
      }
      if (list != null) {
        list.forEach(c -> c.accept(e.getValue()));
      }
    }
  }

  /** How many images were decoded so far (tests: only visible cells are decoded). */
  public int decodedCount() {
    return decoded.get();
  }

  /** How many of them were decoded on the FX thread: always 0. */
  public int decodedOnFxThread() {
    return decodedOnFx.get();
  }

  /** Forgets every cached thumbnail and pending request (another dataset was opened). */
  public void clear() {
    synchronized (waiting) {
      waiting.clear();
      queue.clear();
    }
    cache.clear();
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
  }
}
