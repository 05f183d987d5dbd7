package org.layerbench.engine.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads samples (through a modality's {@link SampleReader}) on worker threads with bounded prefetch
 * so the training thread never waits on disk or decoding when it can be avoided — what PyTorch's
 * {@code DataLoader} with {@code num_workers} does.
 *
 * <p>Deterministic: for a given seed and epoch the order (a seeded shuffle per epoch when
 * shuffle=true, file order otherwise) and the batches are identical regardless of worker count.
 * Batches are cut from that order first, like {@code drop_last=False}; files that fail to decode
 * are then left out of their batch (reported via {@link #skipped()}, never crashing the epoch), so
 * a batch may hold fewer samples, and a batch whose files all fail is not emitted at all — an epoch
 * may therefore yield fewer than {@link #batchesPerEpoch()} batches. A file found bad once is not
 * decoded again.
 *
 * <p>Each batch is split into one part per worker and the parts run in batch order, so all workers
 * help with the batch the trainer needs next. At most {@code prefetchBatches} batches are in memory
 * ahead of the consumer. One epoch is consumed at a time, by one thread.
 *
 * <p>Optionally ({@link #withCache}) the reader keeps its decoded samples in memory, so that epochs
 * after the first touch neither disk nor decoder, when its reader allows it ({@link
 * SampleReader#cached}).
 */
public final class BatchLoader implements AutoCloseable {

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final List<Sample> samples;
  private final SampleReader base;
  private final SampleLayout layout;
  private final int elements;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final int workers;
  private final int prefetchBatches;
  private final ThreadPoolExecutor executor;

  /** Every worker thread made, so close() can join them. */
  private final WorkerThreads threads = new WorkerThreads("layerbench-loader-", THREAD_NUMBER);

  /** Known bad samples, read by workers to avoid reading them again. */
  private final Map<Sample, FileProblem> problems = new ConcurrentHashMap<>();

  /** The same problems in the order the consumer met them (deterministic); guarded by itself. */
  private final List<FileProblem> problemOrder = new ArrayList<>();

  /**
   * Batch arrays the consumer gave back ({@link #recycle}), used again for later batches. A batch
   * of 16 images at 64 px is 786 kB, over half of a G1 region, so each new one was a humongous
   * object that counted towards the old generation and set off concurrent collections while
   * training.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<Object> spare =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** The reader in use: {@link #base} or its cached form. */
  private volatile SampleReader reader;

  private volatile Epoch current;
  private volatile boolean closed;

  /**
   * @param samples the samples; labels pass through unchanged
   * @param reader what turns a sample into tensor data (the modality's decoding and transforms)
   * @param batchSize samples per batch (the last batch of an epoch may be smaller)
   * @param shuffle a new seeded permutation every epoch, else file order
   * @param workers decoding threads; 0 decodes on the consuming thread when a batch is asked for
   * @param prefetchBatches batches prepared ahead of the consumer (at least 1)
   */
  public BatchLoader(
      List<Sample> samples,
      SampleReader reader,
      int batchSize,
      boolean shuffle,
      long seed,
      int workers,
      int prefetchBatches) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be 0 or more, got " + workers);
    }
    if (prefetchBatches < 1) {
      throw new IllegalArgumentException(
          "prefetch must be at least 1 batch, got " + prefetchBatches);
    }
    this.samples = List.copyOf(samples);
    this.base = java.util.Objects.requireNonNull(reader);
    this.reader = reader;
    this.layout = reader.layout();
    this.elements = layout.elements();
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.workers = workers;
    this.prefetchBatches = prefetchBatches;
    if (workers == 0) {
      executor = null;
    } else {
      executor =
          new ThreadPoolExecutor(
              workers,
              workers,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              threads); // idle ones time out, see below
      // A loader that is dropped without close() does not keep idle threads alive forever.
      executor.allowCoreThreadTimeOut(true);
    }
  }

  /**
   * Keeps each sample's decoded form in memory once read (see {@link #cacheBytes}), so later epochs
   * skip disk and decoding, when the reader can cache (deterministic transforms only). Meant for
   * small datasets. Turning it off drops the cache.
   *
   * @return this loader
   */
  public BatchLoader withCache(boolean enabled) {
    reader = enabled ? reader.cached(samples.size()) : base;
    return this;
  }

  /** What each sample becomes in a batch. */
  public SampleLayout layout() {
    return layout;
  }

  /**
   * Gives a batch's array back for later batches to fill. Call it once the batch's data has been
   * copied (into a tensor) and is not read again: the array's contents change under it.
   */
  public void recycle(Batch batch) {
    if (batch.layout().equals(layout)) {
      keep(layout.dtype() == DType.FLOAT32 ? batch.data() : batch.longs());
    }
  }

  private void keep(Object array) {
    if (java.lang.reflect.Array.getLength(array) == batchSize * elements
        && spare.size() <= prefetchBatches + 1) {
      spare.offer(array);
    }
  }

  private BatchData batchData(int slots) {
    Object kept = slots == batchSize ? spare.poll() : null;
    return new BatchData(layout, kept != null ? kept : BatchData.allocate(layout, slots), slots);
  }

  /**
   * What this loader's cache would hold at most, in bytes; -1 when its reader cannot cache (a
   * pipeline, whose random steps must run every epoch).
   */
  public long cacheBytes() {
    return base.cacheBytes(samples.size());
  }

  /** How many samples an epoch holds (before any unreadable file is skipped). */
  public int size() {
    return samples.size();
  }

  public int batchesPerEpoch() {
    return (samples.size() + batchSize - 1) / batchSize;
  }

  /** Problems met so far (a snapshot, in the order the batches met them), each file once. */
  public List<FileProblem> skipped() {
    synchronized (problemOrder) {
      return List.copyOf(problemOrder);
    }
  }

  /**
   * The batches of one epoch, produced lazily in order. Closing the returned iterator, starting
   * another epoch, or closing the loader stops the work queued for it; an iterator simply dropped
   * leaves at most {@code prefetchBatches} batches of work behind.
   */
  public Epoch epoch(int epoch) {
    if (closed) {
      throw new IllegalStateException("the batch loader is closed");
    }
    Epoch previous = current;
    if (previous != null) {
      previous.close();
    }
    Epoch e = new Epoch(epoch, order(epoch));
    current = e;
    return e;
  }

  /** Stops the worker threads (daemon threads named "layerbench-loader-N") and waits for them. */
  @Override
  public void close() {
    closed = true;
    Epoch e = current;
    if (e != null) {
      e.close();
    }
    if (executor != null) {
      executor.shutdownNow();
      // Workers stop after the sample they are on; joining makes close() mean "stopped".
      threads.join(java.time.Duration.ofSeconds(10));
    }
  }

  /** File order, or a Fisher-Yates shuffle by a java.util.Random seeded from (seed, epoch). */
  int[] order(int epoch) {
    int n = samples.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random random = new Random(mix(seed, epoch));
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** SplitMix64's finalizer, so neighbouring (seed, epoch) pairs give unrelated seeds. */
  private static long mix(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void record(Sample sample, FileProblem problem) {
    synchronized (problemOrder) {
      if (problems.putIfAbsent(sample, problem) == null) {
        problemOrder.add(problem);
      }
    }
  }

  /**
   * Reads one sample into slot {@code slot} of {@code out}; returns why it failed, or null.
   * Failures are returned rather than recorded so that the consumer records them in batch order.
   */
  private String load(int sampleIndex, int epoch, BatchData out, int slot) {
    Sample s = samples.get(sampleIndex);
    FileProblem known = problems.get(s);
    if (known != null) {
      return known.reason();
    }
    try {
      reader.read(sampleIndex, s, sampleRandom(seed, epoch, sampleIndex), out, slot);
    } catch (UnreadableSampleException e) {
      return e.reason();
    }
    return null;
  }

  /**
   * The random generator of one sample in one epoch: a function of (seed, epoch, sample index)
   * only, so augmentation is the same whatever the number of workers or the order they run in.
   */
  public static java.util.SplittableRandom sampleRandom(long seed, int epoch, int sampleIndex) {
    return new java.util.SplittableRandom(mix(mix(seed, epoch), sampleIndex));
  }

  /** The batches of one epoch; also {@link AutoCloseable} so a stopped training can abandon it. */
  public final class Epoch implements Iterator<Batch>, AutoCloseable {

    private final int epochNumber;
    private final int[] order;
    // Concurrent: the loader may close this epoch from another thread while the consumer polls.
    private final ConcurrentLinkedDeque<Pending> inFlight = new ConcurrentLinkedDeque<>();
    private int nextBatch;
    private Batch ready;
    private volatile boolean cancelled;

    private Epoch(int epochNumber, int[] order) {
      this.epochNumber = epochNumber;
      this.order = order;
    }

    /**
     * May block until the next batch is decoded (a batch of only bad files is skipped). False once
     * the epoch is closed, also when the loader was closed from another thread.
     */
    @Override
    public boolean hasNext() {
      while (ready == null) {
        if (cancelled) {
          return false;
        }
        fill();
        Pending p = inFlight.poll();
        if (p == null) {
          return false;
        }
        ready = p.finish();
        fill();
      }
      if (cancelled) {
        ready = null;
        return false;
      }
      return true;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Batch b = ready;
      ready = null;
      return b;
    }

    /** Cancels the queued work of this epoch; the workers stop after their current sample. */
    @Override
    public void close() {
      cancelled = true;
      for (Pending p : inFlight) {
        for (FutureTask<Void> part : p.parts) {
          part.cancel(false);
        }
      }
      inFlight.clear();
    }

    private void fill() {
      int window = executor == null ? 1 : prefetchBatches;
      while (!cancelled && inFlight.size() < window && nextBatch < batchesPerEpoch()) {
        inFlight.add(new Pending(nextBatch++));
      }
    }

    /** One batch being prepared: parts write their samples into disjoint ranges of data. */
    private final class Pending {
      private final int from;
      private final int slots;
      private final BatchData data;
      private final String[] failures;
      private final List<FutureTask<Void>> parts = new ArrayList<>();

      Pending(int batch) {
        from = batch * batchSize;
        slots = Math.min(batchSize, order.length - from);
        data = batchData(slots);
        failures = new String[slots];
        int n = Math.max(1, Math.min(workers, slots));
        for (int k = 0; k < n; k++) {
          int start = slots * k / n;
          int end = slots * (k + 1) / n;
          FutureTask<Void> part = new FutureTask<>(() -> run(start, end), null);
          parts.add(part);
          if (executor != null) {
            try {
              executor.execute(part);
            } catch (RejectedExecutionException e) {
              // The loader shut down, which cancelled this epoch first: finish() returns null.
            }
          }
        }
      }

      private void run(int start, int end) {
        for (int slot = start; slot < end && !cancelled; slot++) {
          try {
            failures[slot] = load(order[from + slot], epochNumber, data, slot);
          } catch (ReaderSetupException e) {
            throw e;
          } catch (RuntimeException e) { // a bug in a transform: say on which file
            throw new SampleFailedException(samples.get(order[from + slot]).file(), e);
          }
        }
      }

      /** Waits for the parts, records failures, and packs the good samples; null if none. */
      Batch finish() {
        for (FutureTask<Void> part : parts) {
          // Runs a part no worker has started yet on this thread, which would only wait otherwise
          // (and is how workers == 0 works); a no-op for a part a worker has taken.
          part.run();
          try {
            part.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Epoch.this.close();
            throw new CancellationException("interrupted while waiting for a batch");
          } catch (CancellationException e) {
            return null; // the epoch was closed; hasNext() sees it
          } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
              throw err;
            }
            if (e.getCause() instanceof ReaderSetupException m) {
              throw m.again(); // with this thread's trace
            }
            if (e.getCause() instanceof SampleFailedException f) {
              throw new SampleFailedException(f.file, f.getCause()); // with this thread's trace
            }
            throw new IllegalStateException(
                "loading a batch failed: " + e.getCause(), e.getCause());
          }
        }
        if (cancelled) {
          return null;
        }
        int[] labels = new int[slots];
        List<Sample> kept = new ArrayList<>(slots);
        int n = 0;
        for (int slot = 0; slot < slots; slot++) {
          Sample s = samples.get(order[from + slot]);
          if (failures[slot] != null) {
            record(s, new FileProblem(s.file(), failures[slot]));
            continue;
          }
          if (n != slot) {
            data.move(slot, n);
          }
          labels[n++] = s.label();
          kept.add(s);
        }
        if (n == 0) {
          keep(data.elements());
          return null;
        }
        if (n == slots) {
          return data.toBatch(n, labels, kept, true);
        }
        Batch packed = data.toBatch(n, Arrays.copyOf(labels, n), kept, false);
        keep(data.elements());
        return packed;
      }
    }
  }

  /**
   * A sample whose loading failed in a way that is not the file's fault (a bug in a transform): the
   * message names the file and the error, where the run stops.
   */
  public static final class SampleFailedException extends IllegalStateException {
    private final transient Path file;

    SampleFailedException(Path file, Throwable cause) {
      super("loading a batch failed at " + file + ": " + cause, cause);
      this.file = file;
    }

    public Path file() {
      return file;
    }
  }
}
