package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerbench.app.gui.RunName;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.engine.project.Project;

/**
 * The project's runs as read from their folders (on the I/O executor), and the runs whose curves
 * are overlaid. The run being trained shows with its live status rather than what its folder says.
 */
public final class RunHistory {
  private final WorkbenchContext context;
  private final Function<Path, String> liveStatus;
  private final ObservableList<RunRecord> records = FXCollections.observableArrayList();
  private final ObservableList<RunRecord> compared = FXCollections.observableArrayList();
  // Made once: an unmodifiable list listens to its source weakly (see LiveMetrics).
  private final ObservableList<RunRecord> recordsView =
      FXCollections.unmodifiableObservableList(records);
  private final ObservableList<RunRecord> comparedView =
      FXCollections.unmodifiableObservableList(compared);
  private long generation;
  // The project file whose folder was last searched for runs it does not list.
  private Path recoveredFor;

  /**
   * @param liveStatus the status of the run in a folder when this window trains it ("running",
   *     "paused"), else null
   */
  RunHistory(WorkbenchContext context, Function<Path, String> liveStatus) {
    this.context = context;
    this.liveStatus = liveStatus;
  }

  /** The project's runs, oldest first. */
  public ObservableList<RunRecord> records() {
    return recordsView;
  }

  /** The runs whose curves are overlaid. */
  public ObservableList<RunRecord> compared() {
    return comparedView;
  }

  /** Overlays the curves of the runs with these entries. */
  public void compare(List<String> entries) {
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : records) {
      if (entries.contains(r.entry())) {
        out.add(r);
      }
    }
    if (!out.equals(compared)) {
      compared.setAll(out);
    }
  }

  /**
   * Gives a run a readable name, stored in its folder ({@link RunName}; blank: the folder's name
   * again), then rereads the list. Refused with a sentence when the folder cannot be written.
   */
  public void rename(Path dir, String name, java.util.function.Consumer<String> refused) {
    context
        .io()
        .execute(
            () -> {
              String problem = null;
              try {
                RunName.write(dir, name);
              } catch (java.io.IOException | RuntimeException e) {
                problem =
                    "The run in "
                        + dir
                        + " could not be renamed: "
                        + org.layerbench.app.FileErrors.message(e)
                        + ".";
              }
              String why = problem;
              context
                  .fx()
                  .execute(
                      () -> {
                        if (why != null) {
                          refused.accept(why);
                        }
                        refresh();
                      });
            });
  }

  /** Rereads the run folders of the project; a newer call overtakes an older one. */
  public void refresh() {
    Project p = context.vm().projectProperty().get();
    long g = ++generation;
    if (p == null) {
      records.clear();
      compared.clear();
      return;
    }
    List<String> entries = p.runs();
    List<Path> dirs = entries.stream().map(p::runDir).toList();
    context
        .io()
        .execute(
            () -> {
              List<RunRecord> read = new ArrayList<>();
              for (int i = 0; i < entries.size(); i++) {
                read.add(RunRecord.read(entries.get(i), dirs.get(i)));
              }
              context.fx().execute(() -> show(g, read));
            });
  }

  private void show(long g, List<RunRecord> read) {
    if (g != generation) {
      return;
    }
    List<String> keep = compared.stream().map(RunRecord::entry).toList();
    List<RunRecord> shown = new ArrayList<>();
    for (RunRecord r : read) {
      String live = liveStatus.apply(r.dir());
      shown.add(live == null ? r : r.withStatus(live));
    }
    if (shown.size() == records.size()) {
      // Usually one run changed (the one training, at each epoch): replace only that entry, so
      // the list redraws one cell rather than all of them.
      for (int i = 0; i < shown.size(); i++) {
        if (!shown.get(i).equals(records.get(i))) {
          records.set(i, shown.get(i));
        }
      }
    } else {
      records.setAll(shown);
    }
    compare(keep);
  }

  /**
   * Lists the runs that the project's {@code runs/} folder holds but its file does not (DESIGN §10:
   * the list is rebuilt from the folders): a run started in a window that was closed or killed
   * before the project was saved. They are added to the project as one edit (so saving keeps them
   * and undo drops them), once per project file opened, so an undone recovery stays undone.
   */
  void recoverUnlisted() {
    Project p = context.vm().projectProperty().get();
    if (p == null || p.file() == null || p.file().equals(recoveredFor)) {
      return;
    }
    Path file = p.file();
    recoveredFor = file;
    Path runsDir = file.toAbsolutePath().getParent().resolve("runs");
    List<String> listed = p.runs();
    context
        .io()
        .execute(
            () -> {
              List<String> found = unlisted(runsDir, listed);
              if (found.isEmpty()) {
                return;
              }
              context
                  .fx()
                  .execute(
                      () -> {
                        Project now = context.vm().projectProperty().get();
                        if (now == null || !file.equals(now.file())) {
                          return;
                        }
                        context
                            .vm()
                            .editProject(
                                found.size() == 1
                                    ? "Recover run " + Path.of(found.getFirst()).getFileName()
                                    : "Recover " + found.size() + " runs found in runs/",
                                q -> {
                                  List<String> runs = new ArrayList<>(q.runs());
                                  found.stream().filter(e -> !runs.contains(e)).forEach(runs::add);
                                  return q.withRuns(runs);
                                });
                      });
            });
  }

  /** The folders of {@code runsDir} holding a run.json, as {@code runs/NAME}, not in listed. */
  static List<String> unlisted(Path runsDir, java.util.Collection<String> listed) {
    List<String> out = new ArrayList<>();
    if (!java.nio.file.Files.isDirectory(runsDir)) {
      return out;
    }
    try (var dirs = java.nio.file.Files.list(runsDir)) {
      dirs.filter(d -> java.nio.file.Files.isRegularFile(d.resolve("run.json")))
          .map(d -> "runs/" + d.getFileName())
          .filter(e -> !listed.contains(e))
          .sorted()
          .forEach(out::add);
    } catch (java.io.IOException | RuntimeException e) {
      // an unreadable runs/ folder: the project's own list still shows
    }
    return out;
  }

  /**
   * Removes a run from the project's list (an undoable edit); its folder stays on disk. The run
   * being trained stays.
   */
  public void forget(String entry) {
    var vm = context.vm();
    if (liveStatus.apply(vm.current().runDir(entry)) != null) {
      return;
    }
    vm.editProject(
        "Remove run " + Path.of(entry).getFileName(),
        p -> {
          List<String> runs = new ArrayList<>(p.runs());
          runs.remove(entry);
          return p.withRuns(runs);
        });
  }
}
