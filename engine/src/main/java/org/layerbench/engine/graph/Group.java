package org.layerbench.engine.graph;

import java.util.Objects;

/**
 * A named container of nodes and groups, as a PyTorch module holds submodules: a stage such as
 * {@code layer1}, a block such as {@code layer1.0}, or a Sequential such as {@code features}.
 *
 * @param id unique identifier
 * @param name the module name inside its parent ({@code layer1}, {@code 0}, {@code downsample})
 * @param kind what it is, shown on a collapsed group ({@code BasicBlock}, {@code Sequential})
 * @param parent id of the enclosing group, or null at top level
 * @param collapsed whether the canvas shows it folded
 */
public record Group(String id, String name, String kind, String parent, boolean collapsed) {
  public Group {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    kind = kind == null ? "Sequential" : kind;
  }
}
