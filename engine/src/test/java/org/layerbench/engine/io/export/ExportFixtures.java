package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test helper: an export folder as the rest of the export writes it, made by hand — a small {@code
 * model.py} (a Conv2d+BatchNorm2d "features" part and an "fc" head, any input size), its {@code
 * state_dict.pt} from {@code torch.save} with a fixed seed, and {@code labels.json} with the sample
 * project's classes.
 */
final class ExportFixtures {
  private ExportFixtures() {}

  static final String MODEL_PY =
      """
      import torch.nn as nn


      def build_model():
          return nn.Sequential()  # replaced below


      class Net(nn.Module):
          def __init__(self):
              super().__init__()
              self.features = nn.Sequential(
                  nn.Conv2d(3, 8, 3, padding=1),
                  nn.BatchNorm2d(8),
                  nn.ReLU(),
                  nn.AdaptiveAvgPool2d(1),
                  nn.Flatten(),
              )
              self.fc = nn.Linear(8, 3)

          def forward(self, x):
              return self.fc(self.features(x))


      def build_model():  # noqa: F811
          return Net()
      """;

  /** The Python with torch (and torchvision), or the test is skipped saying why. */
  static Python python() {
    Python.Lookup lookup = Python.find();
    assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Python python = lookup.python().get();
    assumeTrue(python.imports("torchvision"), "the Python with torch has no torchvision");
    return python;
  }

  /** Writes model.py, state_dict.pt and labels.json into dir. */
  static void write(Python python, Path dir) throws Exception {
    Files.writeString(dir.resolve("model.py"), MODEL_PY);
    Files.writeString(dir.resolve("labels.json"), "[\"circle\", \"square\", \"triangle\"]\n");
    Python.Result r =
        python.run(
            dir,
            Duration.ofSeconds(60),
            "-c",
            "import torch, model; torch.manual_seed(7); m = model.build_model();"
                + " torch.save(m.state_dict(), 'state_dict.pt')");
    assertThat(r.ok()).as(r.stderr()).isTrue();
  }
}
