package org.layerbench.app;

import org.layerbench.app.cli.Cli;
import org.layerbench.app.gui.WorkbenchLauncher;

/**
 * The one launcher: with no arguments it opens the workbench window, otherwise it runs a {@code
 * layerbench} CLI command and exits with its status (0 success, 1 user error, 2 bad usage).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Idle OpenMP threads that spin slow everything when another process is busy (DESIGN §7).
    NativeEnvironment.setIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    // libtorch's allocator puts tensors of 2 MB and more on transparent huge pages (a kernel
    // that has them in "madvise" mode, as Debian's does): a quarter less time per CNNNet step,
    // where 57 M parameters, their gradients and Adam's moments otherwise miss the TLB
    // (README, Checks and measurements; THP_MEM_ALLOC_ENABLE=0 in the environment turns it off).
    NativeEnvironment.setIfAbsent("THP_MEM_ALLOC_ENABLE", "1");
    if (args.length == 0) {
      WorkbenchLauncher.launch();
      return;
    }
    System.exit(Cli.run(args));
  }
}
