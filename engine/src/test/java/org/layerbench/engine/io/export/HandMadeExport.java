package org.layerbench.engine.io.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: an export folder as the rest of the export writes it, made by hand — a small {@code
 * model.py} (a Conv2d+BatchNorm2d "features" part and an "fc" head, any input size), its {@code
 * state_dict.pt} from {@code torch.save} with a fixed seed, and {@code labels.json} with the sample
 * project's classes.
 */
final class HandMadeExport {
  private HandMadeExport() {}

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

  /**
   * Writes model.py and labels.json into dir; Python code that saves state_dict.pt there (a fixed
   * seed) is {@link #SAVE_STATE_DICT}, to be run in a process the test starts anyway.
   */
  static void write(Path dir) throws Exception {
    Files.writeString(dir.resolve("model.py"), MODEL_PY);
    Files.writeString(dir.resolve("labels.json"), "[\"circle\", \"square\", \"triangle\"]\n");
  }

  static final String SAVE_STATE_DICT =
      "import torch, model\n"
          + "torch.manual_seed(7)\n"
          + "torch.save(model.build_model().state_dict(), 'state_dict.pt')\n";
}
