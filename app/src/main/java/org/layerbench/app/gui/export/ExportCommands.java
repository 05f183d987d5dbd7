package org.layerbench.app.gui.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.layerbench.engine.io.export.Export;

/**
 * The shell commands that use an export's files, run from its folder: {@code predict.py} on images,
 * and {@code train_lightning.py} on N GPUs (Lightning's launcher and torchrun), as the export's
 * README.md gives them, with the run's dataset folder filled in where it is known.
 */
public final class ExportCommands {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ExportCommands() {}

  /**
   * The commands for what {@code result} wrote (none for an export with neither script).
   *
   * @param data the dataset the run trained on, or null ({@code DIR} is written instead)
   */
  public static List<String> of(Export.Result result, Path data) {
    Set<String> files =
        result.files().stream().map(Export.WrittenFile::name).collect(Collectors.toSet());
    List<String> lines = new ArrayList<>();
    String dir = data == null ? "DIR" : quote(data.toString());
    if (files.contains("predict.py")) {
      lines.add("python predict.py IMAGE... --top 3");
    }
    if (files.contains("train_lightning.py")) {
      String args = "--data " + dir + " --accelerator gpu --devices N --strategy ddp";
      lines.add("python train_lightning.py " + args);
      lines.add("torchrun --nproc_per_node N train_lightning.py " + args);
    }
    if (lines.isEmpty()) {
      return lines;
    }
    lines.addFirst("cd " + quote(result.target().toString()));
    return lines;
  }

  /** A path as one shell word: as it is when plain, else in single quotes. */
  static String quote(String s) {
    if (PLAIN.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
