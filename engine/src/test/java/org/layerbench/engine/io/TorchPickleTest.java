package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchPickleTest {
  @TempDir Path dir;

  /** A torch.save-style zip whose data.pkl is the given pickle. */
  private Path checkpoint(byte[] pickle) throws Exception {
    Path file = dir.resolve("evil.pt");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(pickle);
      zip.closeEntry();
    }
    return file;
  }

  @Test
  void aPickleThatCallsOsSystemIsRefusedAndNothingRuns() throws Exception {
    Path marker = dir.resolve("pwned");
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
    p.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL os.system
    byte[] cmd = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
    p.write('X'); // BINUNICODE
    p.write(new byte[] {(byte) cmd.length, 0, 0, 0});
    p.write(cmd);
    p.write(0x85); // TUPLE1
    p.write('R'); // REDUCE: os.system("touch …")
    p.write('.');
    Path file = checkpoint(p.toByteArray());

    assertThatThrownBy(() -> TorchPickle.read(file))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(": refusing to load: the file's pickle asks for os.system");
    assertThat(marker).doesNotExist();
  }

  @Test
  void otherFilesGiveClearMessages() throws Exception {
    Path notZip = dir.resolve("x.pt");
    Files.writeString(notZip, "hello");
    assertThatThrownBy(() -> TorchPickle.read(notZip))
        .hasMessageContaining("not a PyTorch zip checkpoint");
    Path truncated = checkpoint(new byte[] {(byte) 0x80, 2, '}'});
    assertThatThrownBy(() -> TorchPickle.read(truncated)).hasMessageContaining("malformed pickle");
  }

  @Test
  void aTorchSavedStateDictEqualsTheSafetensorsOne() throws Exception {
    boolean torch;
    try {
      torch =
          new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision")
                  .start()
                  .waitFor()
              == 0;
    } catch (java.io.IOException e) {
      torch = false;
    }
    assumeTrue(torch, "the reference PyTorch is not installed");
    Process gen =
        new ProcessBuilder(
                "/usr/bin/python3", "src/test/python/gen_state_dict.py", "resnet18", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(gen.getInputStream().readAllBytes());
    assertThat(gen.waitFor()).as(out).isZero();
    var fromPt = TorchPickle.read(dir.resolve("resnet18.pt"));
    var fromSafetensors = Safetensors.read(dir.resolve("resnet18.safetensors")).tensors();
    assertThat(fromPt.keySet()).containsExactlyElementsOf(fromSafetensors.keySet());
    fromSafetensors.forEach((k, v) -> assertThat(fromPt.get(k)).as(k).isEqualTo(v));
  }
}
