package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.engine.graph.Templates;

/**
 * The Code tab's view-model with executors the test runs by hand: edits faster than generation
 * coalesce into one job that takes the newest analysis, and the selection maps to lines.
 */
class CodeViewModelTest {
  @Test
  void editsWhileAJobWaitsCoalesceIntoOneJobForTheNewestGraph() {
    ModelViewModel model = new ModelViewModel(new CommandStack(), Runnable::run, Runnable::run);
    List<Runnable> worker = new ArrayList<>();
    CodeViewModel code = new CodeViewModel(model, worker::add, Runnable::run);
    model.load(Templates.find("simplenet").orElseThrow().create(3, List.of(3, 32, 32)));
    String fc2 = model.analysis().nodeAt("fc2").orElseThrow().node().id();
    model.setParam(fc2, "out_features", "40");
    model.setParam(fc2, "out_features", "41");

    assertThat(worker).hasSize(1);
    assertThat(code.listingProperty().get()).isNull();
    worker.removeFirst().run();
    assertThat(code.listingProperty().get().text()).contains("self.fc2 = nn.Linear(84, 41)");

    model.setParam(fc2, "out_features", "42");
    assertThat(worker).hasSize(1);
    worker.removeFirst().run();
    assertThat(code.listingProperty().get().text()).contains("self.fc2 = nn.Linear(84, 42)");
  }

  @Test
  void theSelectedLayersLinesAreHighlightedAndFollowTheSelection() {
    ModelViewModel model = new ModelViewModel(new CommandStack(), Runnable::run, Runnable::run);
    CodeViewModel code = new CodeViewModel(model, Runnable::run, Runnable::run);
    model.load(Templates.find("simplenet").orElseThrow().create(3, List.of(3, 32, 32)));
    assertThat(code.highlightedProperty().get()).isEmpty();
    String fc1 = model.analysis().nodeAt("fc1").orElseThrow().node().id();
    model.select(fc1);
    String[] lines = code.listingProperty().get().text().split("\n");
    assertThat(code.highlightedProperty().get().stream().map(i -> lines[i]).toList())
        .containsExactly("        self.fc1 = nn.Linear(3072, 84)", "        x = self.fc1(x)");
    model.clearSelection();
    assertThat(code.highlightedProperty().get()).isEmpty();
  }
}
