package org.layerbench.app.gui.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the Export workspace asks of the desktop: open a folder in the file manager (called off the
 * FX thread; it may block) and put text on the clipboard (called on the FX thread). Tests replace
 * it.
 */
public interface DesktopHost {
  /** Opens the folder in the system's file manager. */
  void open(Path folder) throws IOException;

  /** Puts the text on the system clipboard. */
  void copy(String text);

  /**
   * The real desktop: {@code xdg-open} on Linux (AWT's Desktop would load a second GTK beside
   * JavaFX's), AWT's {@code Desktop} elsewhere.
   */
  static DesktopHost system() {
    return new DesktopHost() {
      @Override
      public void open(Path folder) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("linux")) {
          if (!java.awt.Desktop.isDesktopSupported()
              || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
            throw new IOException("this system cannot open folders from Java");
          }
          java.awt.Desktop.getDesktop().open(folder.toFile());
          return;
        }
        Process p;
        try {
          p = new ProcessBuilder("xdg-open", folder.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
          throw new IOException("xdg-open is not installed, so no file manager can be started");
        }
        try {
          // xdg-open returns once the file manager has been asked; a non-zero code is a failure
          if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() != 0) {
            throw new IOException("xdg-open found no application that opens folders");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void copy(String text) {
        javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
        c.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
      }
    };
  }
}
