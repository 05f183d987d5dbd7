package org.layerbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Setting a variable for native code: libgomp reads OMP_WAIT_POLICY with C's getenv. */
class NativeEnvironmentTest {
  @Test
  void setsAnAbsentVariableWhereCCodeSeesIt() {
    String name = "LAYERBENCH_TEST_" + ProcessHandle.current().pid();
    assertThat(NativeEnvironment.get(name)).isEmpty();

    assertThat(NativeEnvironment.setIfAbsent(name, "PASSIVE")).isTrue();

    assertThat(NativeEnvironment.get(name)).contains("PASSIVE");
  }

  @Test
  void leavesAVariableTheUserSetAlone() {
    String path = System.getenv("PATH");
    assertThat(NativeEnvironment.setIfAbsent("PATH", "/nowhere")).isFalse();
    assertThat(NativeEnvironment.get("PATH")).contains(path);
  }
}
