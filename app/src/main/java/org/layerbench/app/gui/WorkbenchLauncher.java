package org.layerbench.app.gui;

import javafx.application.Application;

/**
 * Starts JavaFX. Kept apart from {@link WorkbenchApp} so that {@code Main} (which may only run the
 * CLI) never loads an Application subclass.
 */
public final class WorkbenchLauncher {
  private WorkbenchLauncher() {}

  public static void launch(String... args) {
    Application.launch(WorkbenchApp.class, args);
  }
}
