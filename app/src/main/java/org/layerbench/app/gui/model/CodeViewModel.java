package org.layerbench.app.gui.model;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.SetChangeListener;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.io.export.PyTorchCode;

/**
 * The Code tab's state: the {@code model.py} that export would write for the graph as it is now,
 * regenerated on {@code worker} after every analysis and applied on {@code fx}. Edits faster than
 * generation coalesce: at most one job waits, and it takes the newest analysis when it runs; a
 * result overtaken by a newer analysis is dropped. Also the lines of the selected layers.
 */
public final class CodeViewModel {
  private record Job(GraphAnalysis analysis, long ticket) {}

  private final Executor worker;
  private final Executor fx;
  private final AtomicReference<Job> pending = new AtomicReference<>();
  private final ReadOnlyObjectWrapper<PyTorchCode.Listing> listing =
      new ReadOnlyObjectWrapper<>(this, "listing");
  private final ReadOnlyObjectWrapper<List<Integer>> highlighted =
      new ReadOnlyObjectWrapper<>(this, "highlighted", List.of());
  private final ModelViewModel model;
  private long ticket;

  public CodeViewModel(ModelViewModel model, Executor worker, Executor fx) {
    this.model = model;
    this.worker = worker;
    this.fx = fx;
    model.analysisProperty().addListener((obs, o, n) -> regenerate(n));
    model.selection().addListener((SetChangeListener<String>) c -> highlight());
    listing.addListener((obs, o, n) -> highlight());
    regenerate(model.analysis());
  }

  /** The latest listing: code, each node's lines, the first error; null until the first one. */
  public ReadOnlyObjectProperty<PyTorchCode.Listing> listingProperty() {
    return listing.getReadOnlyProperty();
  }

  /** 0-based lines of the selected layers (in {@code __init__} and {@code forward}), sorted. */
  public ReadOnlyObjectProperty<List<Integer>> highlightedProperty() {
    return highlighted.getReadOnlyProperty();
  }

  private void regenerate(GraphAnalysis a) {
    if (a == null) {
      return;
    }
    Job job = new Job(a, ++ticket);
    if (pending.getAndSet(job) != null) {
      return; // a job is already queued: it will take this analysis
    }
    worker.execute(
        () -> {
          Job latest = pending.getAndSet(null);
          PyTorchCode.Listing l = PyTorchCode.listing(latest.analysis(), header(latest.analysis()));
          fx.execute(
              () -> {
                if (latest.ticket() == ticket) {
                  listing.set(l);
                }
              });
        });
  }

  private static String header(GraphAnalysis a) {
    return a.graph().name()
        + " as Export writes it to model.py, for the graph as it is now.\n"
        + "Read-only: edit the graph, and this code follows.";
  }

  private void highlight() {
    PyTorchCode.Listing l = listing.get();
    TreeSet<Integer> lines = new TreeSet<>();
    if (l != null) {
      for (String id : model.selection()) {
        lines.addAll(l.lines().getOrDefault(id, List.of()));
      }
    }
    highlighted.set(List.copyOf(lines));
  }
}
