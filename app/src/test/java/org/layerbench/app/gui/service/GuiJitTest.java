package org.layerbench.app.gui.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The window's compiler directive is in effect after it is added, as HotSpot itself lists it
 * ({@code jcmd Compiler.directives_print}), and adding it again adds no second copy.
 */
class GuiJitTest {
  @Test
  void javaFxCodeIsExcludedFromC2Once() throws Exception {
    assertThat(GuiJit.keepJavaFxOnC1()).isTrue();
    assertThat(GuiJit.keepJavaFxOnC1()).isTrue();
    String listed = String.valueOf(GuiJit.diagnosticCommand("compilerDirectivesPrint"));
    int at = listed.indexOf("com/sun/marlin/*.*");
    assertThat(at).as(listed).isPositive();
    assertThat(listed.indexOf("com/sun/marlin/*.*", at + 1))
        .as("one copy of the directive")
        .isNegative();
    at = listed.lastIndexOf("matching:", at);
    // the directive's own block: its C2 part excludes, the default (*.*) after it does not
    String own = listed.substring(at, listed.indexOf("Directive: (default)"));
    assertThat(own.substring(own.indexOf("c2 directives"))).contains("Exclude:true");
    assertThat(own).contains(" javafx/*.*", "com/sun/prism/*.*", "com/sun/javafx/*.*");
  }

  /** The JIT compiler threads run at the engine's lower priority once the window lowers them. */
  @Test
  void theCompilerThreadsRunAtTheEnginesPriority() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")), "not Linux");
    assertThat(BackgroundPriority.lowerCompilerThreads()).isPositive();
    java.util.Map<String, Integer> nice = new java.util.TreeMap<>();
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (var task : tasks.toList()) {
        String stat = java.nio.file.Files.readString(task.resolve("stat"));
        // "tid (comm) state ppid ...": nice is the 19th field, the 17th after the comm
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
          nice.put(name + " " + task.getFileName(), Integer.parseInt(rest[16]));
        }
      }
    }
    assertThat(nice).isNotEmpty().allSatisfy((t, n) -> assertThat(n).as(t).isEqualTo(10));
  }
}
