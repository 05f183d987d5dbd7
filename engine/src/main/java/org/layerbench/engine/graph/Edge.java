package org.layerbench.engine.graph;

import java.util.Objects;

/**
 * A wire from one node's output to one input port of another. Ports order the inputs of merge nodes
 * (a Concat's channels come in port order).
 */
public record Edge(String from, String to, int port) {
  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (port < 0) {
      throw new IllegalArgumentException("port must be ≥ 0: " + port);
    }
  }
}
