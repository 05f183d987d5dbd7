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
    if (args.length == 0) {
      WorkbenchLauncher.launch();
      return;
    }
    System.exit(Cli.run(args));
  }
}
