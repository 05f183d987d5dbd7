package org.layerbench.app.gui.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandStackTest {
  private final List<String> log = new ArrayList<>();

  private Command command(String name) {
    return new Command() {
      @Override
      public String label() {
        return name;
      }

      @Override
      public void execute() {
        log.add("do " + name);
      }

      @Override
      public void undo() {
        log.add("undo " + name);
      }
    };
  }

  @Test
  void undoAndRedoWalkTheHistoryAndPublishLabels() {
    CommandStack s = new CommandStack();
    s.push(command("a"));
    s.push(command("b"));
    assertThat(s.undoLabelProperty().get()).isEqualTo("b");
    s.undo();
    assertThat(s.undoLabelProperty().get()).isEqualTo("a");
    assertThat(s.redoLabelProperty().get()).isEqualTo("b");
    s.redo();
    assertThat(log).containsExactly("do a", "do b", "undo b", "do b");
    assertThat(s.canRedoProperty().get()).isFalse();
  }

  @Test
  void aNewCommandDropsTheRedoHistory() {
    CommandStack s = new CommandStack();
    s.push(command("a"));
    s.undo();
    s.push(command("c"));
    assertThat(s.canRedoProperty().get()).isFalse();
    assertThat(s.undoLabelProperty().get()).isEqualTo("c");
  }

  @Test
  void stateReturnsToTheSavedOneAfterUndo() {
    CommandStack s = new CommandStack();
    long clean = s.state();
    s.push(command("a"));
    assertThat(s.state()).isNotEqualTo(clean);
    s.undo();
    assertThat(s.state()).isEqualTo(clean);
    s.redo();
    long afterA = s.state();
    s.clear();
    assertThat(s.state()).isNotEqualTo(afterA).isNotEqualTo(clean);
    assertThat(s.canUndoProperty().get()).isFalse();
  }

  @Test
  void refusesACommandPushedFromInsideAnother() {
    CommandStack s = new CommandStack();
    Command outer =
        new Command() {
          @Override
          public String label() {
            return "outer";
          }

          @Override
          public void execute() {
            s.push(command("inner"));
          }

          @Override
          public void undo() {}
        };
    assertThatThrownBy(() -> s.push(outer)).isInstanceOf(IllegalStateException.class);
    assertThat(s.canUndoProperty().get()).isFalse();
  }
}
