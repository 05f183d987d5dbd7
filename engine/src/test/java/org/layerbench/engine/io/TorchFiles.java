package org.layerbench.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/** Runs {@code gen_checkpoints.py} with the reference PyTorch when it is installed. */
final class TorchFiles {
  private TorchFiles() {}

  /** Writes the files into {@code dir}; false when /usr/bin/python3 has no torch. */
  static boolean generate(Path dir) throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "/usr/bin/python3", "src/test/python/gen_checkpoints.py", dir.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return false;
    }
    String out = new String(p.getInputStream().readAllBytes());
    int rc = p.waitFor();
    if (rc != 0 && out.contains("No module named 'torch'")) {
      return false;
    }
    if (rc != 0) {
      throw new IOException("gen_checkpoints.py failed: " + out);
    }
    return true;
  }
}
