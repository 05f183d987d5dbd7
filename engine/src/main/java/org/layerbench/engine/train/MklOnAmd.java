package org.layerbench.engine.train;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets the Intel oneMKL built into libtorch use the instruction sets of an AMD processor.
 *
 * <p>MKL serves libtorch's matrix products on the CPU (every Linear layer, forward and backward).
 * It chooses its kernels only after asking whether the processor is an Intel one; on an AMD one it
 * keeps to slower generic paths whatever the processor supports. On this project's machines (AMD
 * EPYC, Zen 5, two cores) CNNNet's step at batch 16 took 148-149 ms that way and 102-109 ms with
 * MKL's own dispatch by feature bits (StepTimingBenchmark, alternating runs, 2026-12-06). The
 * question is an exported MKL function, {@code mkl_serv_intel_cpu_true}; a one-line library built
 * with the engine ({@code src/main/c/mkl_amd.c}) answers it, loaded with {@code RTLD_GLOBAL} before
 * libtorch so that libtorch's calls bind to it. Where libtorch is already loaded, the call is too
 * late and says so.
 *
 * <p>Only on AMD processors, and {@code LAYERBENCH_MKL_AMD=off} (or {@code
 * -Dlayerbench.mklAmd=off}) leaves MKL as it is.
 */
public final class MklOnAmd {
  /** What {@link #enable()} found or did, in words for run.json. */
  public enum State {
    ON("Intel code paths on this AMD processor"),
    NOT_AMD("as shipped (not an AMD processor)"),
    OFF("as shipped (LAYERBENCH_MKL_AMD=off)"),
    TOO_LATE("as shipped (libtorch was loaded first)"),
    FAILED("as shipped (the helper library could not be loaded)");

    private final String words;

    State(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  static final String LIBRARY = "libmkl-amd.so";
  private static final int RTLD_NOW = 0x2;
  private static final int RTLD_GLOBAL = 0x100;
  private static final Pattern VENDOR = Pattern.compile("(?m)^vendor_id\\s*:\\s*(\\S+)");

  private static State state;
  private static String failure = "";

  private MklOnAmd() {}

  /**
   * Loads the helper once, before the first use of libtorch ({@link Engines#ensureStarted} calls
   * it), and answers what it did on later calls. Never throws: where anything fails MKL keeps its
   * own choice, which is only slower.
   */
  public static synchronized State enable() {
    if (state == null) {
      state = decide();
    }
    return state;
  }

  /** Why loading failed, empty when it did not. */
  public static synchronized String failure() {
    return failure;
  }

  /** What {@link #enable()} did in words, with the reason when loading failed (run.json). */
  public static synchronized String describe() {
    State s = enable();
    return s == State.FAILED ? s.words() + ": " + failure : s.words();
  }

  private static State decide() {
    String off = System.getProperty("layerbench.mklAmd", System.getenv("LAYERBENCH_MKL_AMD"));
    if (off != null && off.trim().toLowerCase(Locale.ROOT).matches("off|0|false|no")) {
      return State.OFF;
    }
    if (!"AuthenticAMD".equals(vendor(cpuinfo()))) {
      return State.NOT_AMD;
    }
    if (org.layerbench.engine.nn.NativeHeap.isLoaded("libtorch_cpu.so")) {
      return State.TOO_LATE;
    }
    try {
      var url = MklOnAmd.class.getResource(LIBRARY);
      if (url == null) {
        throw new IOException(LIBRARY + " is not among the engine's resources (built without cc)");
      }
      if ("file".equals(url.getProtocol())) {
        load(Path.of(url.toURI()));
      } else {
        Path copy = extracted(url);
        try {
          load(copy);
        } finally {
          Files.deleteIfExists(copy); // dlopen has mapped it; the file is not needed any more
        }
      }
      return State.ON;
    } catch (Throwable e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
      return State.FAILED;
    }
  }

  /** The processor's vendor as /proc/cpuinfo names it ("AuthenticAMD"), or "" when unknown. */
  static String vendor(String cpuinfo) {
    Matcher m = VENDOR.matcher(cpuinfo);
    return m.find() ? m.group(1) : "";
  }

  private static String cpuinfo() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * A jar's copy of the library as a private temporary file (dlopen needs a path), written through
   * the file createTempFile made, so it keeps that file's owner-only permissions.
   */
  private static Path extracted(java.net.URL url) throws IOException {
    Path file = Files.createTempFile("layerbench-", "-" + LIBRARY);
    try (InputStream in = url.openStream();
        var out = Files.newOutputStream(file)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  /** dlopen with RTLD_GLOBAL: System.load keeps a library's symbols to itself (RTLD_LOCAL). */
  private static void load(Path library) throws Throwable {
    Linker linker = Linker.nativeLinker();
    var libc = linker.defaultLookup();
    MethodHandle dlopen =
        linker.downcallHandle(
            libc.find("dlopen").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    MethodHandle dlerror =
        linker.downcallHandle(
            libc.find("dlerror").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment handle =
          (MemorySegment)
              dlopen.invokeExact(
                  arena.allocateFrom(library.toAbsolutePath().toString()), RTLD_NOW | RTLD_GLOBAL);
      if (handle.equals(MemorySegment.NULL)) {
        MemorySegment why = (MemorySegment) dlerror.invokeExact();
        throw new IOException(
            why.equals(MemorySegment.NULL) ? "dlopen failed" : why.reinterpret(4096).getString(0));
      }
    }
  }
}
