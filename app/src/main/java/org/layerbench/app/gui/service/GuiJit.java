package org.layerbench.app.gui.service;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps JavaFX's own code on HotSpot's C1 compiler: a compiler directive, added when the window is
 * built, excludes its packages (javafx, com.sun.javafx, prism, Marlin, glass, scenario) from C2.
 * The window's first training run is when most of that code gets hot, and on a machine with few
 * cores C2 compiling it takes the CPU from training: while CNNNet trained six epochs in a fresh
 * window on the 2-core machine, the C2 thread took 6.2-7.9 s of CPU, most of it on CSS, text layout
 * and Marlin's rasterizer (one Marlin method was compiled seven times), against 1.7 s in the CLI.
 * With the directive C2 took 2.3-2.8 s and the renderer about 0.2 s more; over the run the process
 * used 3.1 CPU-seconds per CPU-second of the engine thread instead of 3.2-3.3 (TrainBenchmark,
 * three alternating pairs). The price is JavaFX's code at C1 speed: the graph editor's operations
 * on ResNet-50 take 5-35 % more FX time (median 2-7 ms, EditorBenchmark), while its warm-up frames
 * got shorter (p99 61 ms instead of 94). The engine's code, PyTorch's bindings and the JDK's own
 * classes still go to C2.
 *
 * <p>The JIT compiler threads themselves then run at the engine's lower priority (nice 10, {@link
 * BackgroundPriority}): at normal priority a burst of compiling took a core from the FX thread and
 * its renderer while training had the other. Three alternating pairs of 6-epoch CNNNet runs
 * (TrainBenchmark): frame gaps p99 25.4-26.7 ms and at most 38-45 ms, {@code runLater} waits at
 * most 21-29 ms, against 27.3-28.3, 47-61 and 30-51 ms at normal priority; the same chart updates a
 * second (6.1-6.9 against 6.5-7.1). {@code -Dlayerbench.jitNice=false} leaves them as they are.
 *
 * <p>The directive is added through the DiagnosticCommand MBean ({@code jcmd PID
 * Compiler.directives_add FILE} from inside), which needs the jdk.management module and, in a
 * linked runtime, jdk.jfr too (the app image links both; jlink/package.sh says why). On a VM
 * without them, or without compiler directives, nothing changes.
 */
public final class GuiJit {
  /** The packages of JavaFX's code, in HotSpot's method-pattern syntax. */
  static final String DIRECTIVE =
      """
      [
        {
          match: ["javafx/*.*", "com/sun/javafx/*.*", "com/sun/prism/*.*",
                  "com/sun/marlin/*.*", "com/sun/glass/*.*", "com/sun/scenario/*.*"],
          c2: { Exclude: true }
        }
      ]
      """;

  private static Boolean applied;

  private GuiJit() {}

  /**
   * Adds the directive on a thread of its own, so that the window does not wait for it: the
   * platform MBean server it goes through takes about 0.3 s to start, and the code it is about gets
   * hot only seconds later.
   */
  public static void keepJavaFxOnC1InBackground() {
    Thread.ofPlatform()
        .daemon()
        .name("layerbench-jit-directive")
        .start(
            () -> {
              keepJavaFxOnC1();
              if (!"false".equals(System.getProperty("layerbench.jitNice"))) {
                BackgroundPriority.lowerCompilerThreads();
              }
            });
  }

  /** Adds the directive once per process; true when it is in effect. */
  public static synchronized boolean keepJavaFxOnC1() {
    if (applied == null) {
      applied = add();
    }
    return applied;
  }

  private static boolean add() {
    Path file = null;
    try {
      file = Files.createTempFile("layerbench-jit", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object out = diagnosticCommand("compilerDirectivesAdd", file.toString());
      return String.valueOf(out).contains("1 compiler directives added");
    } catch (java.io.IOException | JMException | RuntimeException | LinkageError e) {
      return false; // another VM, or a runtime without the MBean: JavaFX's code goes to C2
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  /** Runs a diagnostic command (its MBean operation name) and returns what it printed. */
  static Object diagnosticCommand(String operation, String... args) throws JMException {
    return ManagementFactory.getPlatformMBeanServer()
        .invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"),
            operation,
            new Object[] {args},
            new String[] {String[].class.getName()});
  }
}
