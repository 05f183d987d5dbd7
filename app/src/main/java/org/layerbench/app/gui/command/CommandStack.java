package org.layerbench.app.gui.command;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one place edits go through: executes commands, keeps undo and redo history, and publishes
 * what the Edit menu and the title bar bind to. As Scene Builder's JobManager does, it refuses a
 * command pushed while another is executing, so no edit can hide inside another.
 *
 * <p>{@link #stateProperty()} identifies the document state: each executed command gets a fresh
 * number, and undo/redo move back to the number of the command now on top. A project is clean when
 * the state equals the one it was saved at, so undoing back to the saved state clears the dirty
 * mark.
 */
public final class CommandStack {
  private static final int LIMIT = 500;

  private record Entry(Command command, long id) {}

  private final Deque<Entry> undo = new ArrayDeque<>();
  private final Deque<Entry> redo = new ArrayDeque<>();
  private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
  private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
  private final ReadOnlyStringWrapper undoLabel = new ReadOnlyStringWrapper(this, "undoLabel", "");
  private final ReadOnlyStringWrapper redoLabel = new ReadOnlyStringWrapper(this, "redoLabel", "");
  private final ReadOnlyLongWrapper state = new ReadOnlyLongWrapper(this, "state", 0);
  private long nextId = 1;
  private long baseState;
  private boolean busy;

  public void push(Command command) {
    run(command::execute);
    undo.push(new Entry(command, nextId++));
    if (undo.size() > LIMIT) {
      undo.removeLast();
    }
    redo.clear();
    publish();
  }

  public void undo() {
    if (undo.isEmpty()) {
      return;
    }
    Entry e = undo.peek();
    run(e.command()::undo);
    redo.push(undo.pop());
    publish();
  }

  public void redo() {
    if (redo.isEmpty()) {
      return;
    }
    Entry e = redo.peek();
    run(e.command()::redo);
    undo.push(redo.pop());
    publish();
  }

  /** Forgets all history (a new or newly opened document); the state becomes a fresh one. */
  public void clear() {
    if (busy) {
      throw new IllegalStateException("the command stack cannot be cleared from inside a command");
    }
    undo.clear();
    redo.clear();
    baseState = -(nextId++);
    publish();
  }

  private void run(Runnable action) {
    if (busy) {
      throw new IllegalStateException("a command may not run another command");
    }
    busy = true;
    try {
      action.run();
    } finally {
      busy = false;
    }
  }

  private void publish() {
    canUndo.set(!undo.isEmpty());
    canRedo.set(!redo.isEmpty());
    undoLabel.set(undo.isEmpty() ? "" : undo.peek().command().label());
    redoLabel.set(redo.isEmpty() ? "" : redo.peek().command().label());
    state.set(undo.isEmpty() ? baseState : undo.peek().id());
  }

  public ReadOnlyBooleanProperty canUndoProperty() {
    return canUndo.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canRedoProperty() {
    return canRedo.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty undoLabelProperty() {
    return undoLabel.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty redoLabelProperty() {
    return redoLabel.getReadOnlyProperty();
  }

  /** Identifies the current document state (see the class comment). */
  public ReadOnlyLongProperty stateProperty() {
    return state.getReadOnlyProperty();
  }

  public long state() {
    return state.get();
  }
}
