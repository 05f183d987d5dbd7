package org.layerbench.app.gui;

import java.util.List;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * What the workspaces that later issues build will hold (DESIGN: the PyTorch code each replaces).
 */
final class PlannedWorkspaces {
  private PlannedWorkspaces() {}

  static PlannedWorkspace data() {
    return new PlannedWorkspace(
        "ws-data-pane",
        Material2MZ.PHOTO_LIBRARY,
        "Data",
        "Open a dataset folder, see its classes and images, and what augmentation does to them —"
            + " what ImageFolder, transforms and a DataLoader do in PyTorch.",
        List.of(
            "Class list with image counts per split, and a thumbnail grid per class",
            "Problems found while scanning: corrupt, empty, grayscale or odd-sized images",
            "Train / validation split and the transform pipeline (resize, crop, flip, normalize)",
            "Augmentation preview: the same image through the pipeline a dozen times",
            "Mean and standard deviation of the dataset for Normalize"));
  }

  static PlannedWorkspace learningRate() {
    return new PlannedWorkspace(
        "ws-lr-pane",
        Material2MZ.SHOW_CHART,
        "Learning rate",
        "Find a good learning rate before training with an LR-range test: loss against a learning"
            + " rate that grows each batch, smoothed, with the suggested rate marked.",
        List.of(
            "Interactive plot of loss against learning rate (log scale)",
            "Suggested rate at the steepest descent, adjustable by dragging",
            "Model weights restored afterwards, so the test leaves nothing behind"));
  }

  static PlannedWorkspace train() {
    return new PlannedWorkspace(
        "ws-train-pane",
        Material2MZ.PLAY_ARROW,
        "Train",
        "Train on the GPU when there is one (CPU otherwise) while loss and accuracy stream into"
            + " live charts.",
        List.of(
            "Epochs, batch size, optimizer (Adam, AdamW, SGD, RMSprop), schedule, seed",
            "Live loss and accuracy charts per batch and per epoch, samples per second",
            "Pause, stop, resume from a checkpoint; early stopping",
            "Transfer learning: freeze layers, load torchvision weights"));
  }

  static PlannedWorkspace evaluate() {
    return new PlannedWorkspace(
        "ws-evaluate-pane",
        Material2AL.ASSESSMENT,
        "Evaluate",
        "See how a trained model does on the validation or test split, and where it goes wrong.",
        List.of(
            "Accuracy, per-class precision, recall and F1",
            "Confusion matrix; click a cell to see those images",
            "The most confident mistakes, with their predicted and true classes"));
  }

  static PlannedWorkspace predict() {
    return new PlannedWorkspace(
        "ws-predict-pane",
        Material2AL.IMAGE_SEARCH,
        "Predict",
        "Drop images on the window and see the model's top classes with their probabilities.",
        List.of(
            "Top-k classes per image with probabilities",
            "The exact preprocessing the model was trained with, applied automatically"));
  }

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
