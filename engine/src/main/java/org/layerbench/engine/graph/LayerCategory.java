package org.layerbench.engine.graph;

/** Palette groups of the layer catalogue, in the order the palette shows them. */
public enum LayerCategory {
  INPUT("Input"),
  CORE("Core"),
  CONVOLUTION("Convolution"),
  POOLING("Pooling"),
  NORMALIZATION("Normalization"),
  ACTIVATION("Activation"),
  REGULARIZATION("Regularization"),
  RESHAPE("Reshape"),
  SEQUENCE("Sequence"),
  MERGE("Merge");

  private final String label;

  LayerCategory(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
