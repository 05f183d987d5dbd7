package org.layerbench.app.gui.command;

/**
 * One undoable edit. {@link CommandStack#push} executes it; undo must restore exactly the state
 * before {@link #execute}, and redo (by default a second execute) the state after it.
 */
public interface Command {
  /** Shown in the Edit menu: "Undo Add Conv2d". */
  String label();

  void execute();

  void undo();

  default void redo() {
    execute();
  }
}
