package org.layerbench.app.gui.model;

import org.layerbench.engine.graph.LayerType;

/**
 * Sizes of a node box on the canvas and where its ports sit, shared by the view, the layout and the
 * edits so that wires, hit tests and ELK agree. Positions are a node's top-left corner.
 */
public final class NodeGeometry {
  public static final double WIDTH = 212;
  public static final double HEIGHT = 68;

  /** Space a group leaves around its members, and above them for its title. */
  public static final double GROUP_PAD = 12;

  public static final double GROUP_TITLE = 22;

  private NodeGeometry() {}

  /** Input ports a node shows: none for Input, one for plain layers, connected + 1 for merges. */
  public static int inputPorts(LayerType type, int connectedMaxPort) {
    if (type.maxInputs() == 0) {
      return 0;
    }
    if (type.maxInputs() == 1) {
      return 1;
    }
    return Math.max(type.minInputs(), connectedMaxPort + 2);
  }

  /** X offset of input port {@code i} of {@code count}, evenly spread over the top edge. */
  public static double inputPortX(int i, int count) {
    return WIDTH * (i + 1) / (count + 1);
  }

  public static double outputPortX() {
    return WIDTH / 2;
  }
}
