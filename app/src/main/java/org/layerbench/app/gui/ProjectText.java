package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectTextData;

/**
 * What a text project's workspaces train and sweep on: its dataset file with the project's format
 * (or the detector's proposal when it stores none), its separate validation and test files, and its
 * text settings — read the same way by the Train and Learning-rate workspaces.
 */
public final class ProjectText {
  private ProjectText() {}

  /** The project's text data settings, defaults when it stores none. */
  public static ProjectTextData data(Project p) {
    return p.text() == null ? ProjectTextData.defaults() : p.text();
  }

  /** The tokenizer and vocabulary settings a run of {@code p} uses. */
  public static TextSettings settings(Project p) {
    return data(p).settings();
  }

  /**
   * The files a run of {@code p} reads. Detecting the format reads the file: not on the FX thread.
   *
   * @throws TextFileException when the format must be detected and the file cannot be read
   */
  public static TextFiles files(Project p) throws TextFileException {
    ProjectTextData t = data(p);
    Path file = p.datasetDir();
    TextFormat format = t.format() != null ? t.format() : TextFormat.detect(file).format();
    Path val = t.valData() == null ? null : p.resolve(t.valData());
    Path test = t.testData() == null ? null : p.resolve(t.testData());
    return new TextFiles(file, val, test, format);
  }

  /**
   * The size of the vocabulary {@code settings} build from {@code data}'s training texts, as a text
   * run builds it (what num_embeddings 0 stands for).
   */
  public static int vocabularySize(TextDataset data, TextSettings settings) {
    List<List<String>> tokens = new ArrayList<>();
    for (Sample s : data.splits().train()) {
      tokens.add(settings.tokenizer().tokenize(data.text(s)));
    }
    return settings.vocabulary(tokens).size();
  }
}
