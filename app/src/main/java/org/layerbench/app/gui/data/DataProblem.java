package org.layerbench.app.gui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.FileProblem;
import org.layerbench.engine.data.ScanProblem;
import org.layerbench.engine.data.ScanReport;

/**
 * One line of the Data workspace's problems list.
 *
 * @param file the file or folder concerned
 * @param where its split and class ("train / circle"), or "" for files outside class folders
 * @param kind a short label ("truncated", "duplicate", "skipped", "empty class folder")
 * @param reason the scan's sentence
 * @param excluded true when training leaves the file out; false for warnings about files it uses
 */
public record DataProblem(Path file, String where, String kind, String reason, boolean excluded) {

  /** Every problem of a scan: files training cannot use, warnings, skipped files, empty folders. */
  public static List<DataProblem> of(ScanReport r) {
    List<DataProblem> out = new ArrayList<>();
    for (ScanProblem p : r.problems()) {
      out.add(
          new DataProblem(
              p.file(),
              p.split() + " / " + p.className(),
              p.kind().label(),
              p.reason(),
              p.kind().excludedFromTraining()));
    }
    for (FileProblem f : r.skipped()) {
      out.add(new DataProblem(f.file(), "", "skipped", f.reason(), true));
    }
    for (Path folder : r.emptyFolders()) {
      out.add(
          new DataProblem(
              folder,
              "",
              "empty class folder",
              "has no images, so it is not a class (add images or remove it)",
              true));
    }
    return out;
  }

  /** What the listing alone finds (before the scan has decoded anything). */
  public static List<DataProblem> of(DatasetIndex index) {
    List<DataProblem> out = new ArrayList<>();
    for (FileProblem f : index.skipped()) {
      out.add(new DataProblem(f.file(), "", "skipped", f.reason(), true));
    }
    for (Path folder : index.emptyFolders()) {
      out.add(
          new DataProblem(
              folder,
              "",
              "empty class folder",
              "has no images, so it is not a class (add images or remove it)",
              true));
    }
    return out;
  }
}
