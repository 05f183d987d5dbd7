package org.layerbench.app.gui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.io.export.Export;

class ExportCommandsTest {
  private static Export.Result wrote(String target, String... names) {
    return new Export.Result(
        Path.of(target),
        java.util.Arrays.stream(names).map(n -> new Export.WrittenFile(n, 1)).toList(),
        List.of(),
        false,
        null);
  }

  @Test
  void commandsAreForTheScriptsWrittenAndPathsAreOneShellWord() {
    assertThat(ExportCommands.of(wrote("/x/out", "model.py", "predict.py"), null))
        .containsExactly("cd /x/out", "python predict.py IMAGE... --top 3");
    assertThat(ExportCommands.of(wrote("/x/my out", "train_lightning.py"), Path.of("/d/it's")))
        .containsExactly(
            "cd '/x/my out'",
            "python train_lightning.py --data '/d/it'\\''s' --accelerator gpu --devices N"
                + " --strategy ddp",
            "torchrun --nproc_per_node N train_lightning.py --data '/d/it'\\''s' --accelerator gpu"
                + " --devices N --strategy ddp");
    assertThat(ExportCommands.of(wrote("/x", "model.onnx"), null)).isEmpty();
  }
}
