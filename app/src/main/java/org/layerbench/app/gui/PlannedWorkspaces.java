package org.layerbench.app.gui;

import java.util.List;
import org.kordamp.ikonli.material2.Material2MZ;

/** What the workspace that a later issue builds will hold (export). */
final class PlannedWorkspaces {
  private PlannedWorkspaces() {}

  static PlannedWorkspace export() {
    return new PlannedWorkspace(
        "ws-export-pane",
        Material2MZ.SAVE_ALT,
        "Export",
        "Export the trained model to files that PyTorch, ONNX Runtime and LayerBench load.",
        List.of(
            "LayerBench bundle (.lbmodel): graph, weights, labels, preprocessing, metrics",
            "PyTorch: a state_dict with torchvision names and the nn.Module code that loads it",
            "ONNX for ONNX Runtime; safetensors weights"));
  }
}
