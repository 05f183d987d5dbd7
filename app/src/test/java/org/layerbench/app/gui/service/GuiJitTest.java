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
  void theCompilerThreadsRunAtTheEnginesPriority() {
    var before = BackgroundPriority.compilerThreads();
    org.junit.jupiter.api.Assumptions.assumeTrue(!before.isEmpty(), "no /proc to list them from");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        before.stream().allMatch(t -> t[1] <= BackgroundPriority.NICE),
        "this JVM already runs below the engine's priority");
    BackgroundPriority.lowerCompilerThreads();
    assertThat(BackgroundPriority.compilerThreads())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t[1]).as("thread " + t[0]).isEqualTo(BackgroundPriority.NICE));
  }
}
