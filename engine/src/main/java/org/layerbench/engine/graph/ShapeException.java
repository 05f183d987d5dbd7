package org.layerbench.engine.graph;

/**
 * A layer's shape rule refused its input. The problem reads after the node's name ("expects a flat
 * input but receives 256×6×6"); the fix says what to do ("insert Flatten before it").
 */
public final class ShapeException extends Exception {
  private final String problem;
  private final String fix;

  public ShapeException(String problem, String fix) {
    super(fix == null || fix.isEmpty() ? problem : problem + " — " + fix);
    this.problem = problem;
    this.fix = fix;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
