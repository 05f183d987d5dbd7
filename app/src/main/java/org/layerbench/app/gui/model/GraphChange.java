package org.layerbench.app.gui.model;

import java.util.function.Consumer;
import org.layerbench.app.gui.command.Command;
import org.layerbench.engine.graph.ModelGraph;

/**
 * An edit of the model as a pair of immutable graphs: execute shows {@code after}, undo shows
 * {@code before}. Because graphs are values, undo restores exactly what was there.
 */
record GraphChange(String label, ModelGraph before, ModelGraph after, Consumer<ModelGraph> show)
    implements Command {
  @Override
  public void execute() {
    show.accept(after);
  }

  @Override
  public void undo() {
    show.accept(before);
  }
}
