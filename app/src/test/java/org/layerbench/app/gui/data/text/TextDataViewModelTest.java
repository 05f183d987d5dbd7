package org.layerbench.app.gui.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.layerbench.app.SharedText;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.data.DataExecutors;
import org.layerbench.app.gui.data.DataViewModel;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;

/**
 * The text view's view-model on same-thread executors with the real shared files: what it reads,
 * the histogram, the vocabulary sizes and the out-of-vocabulary rate against the engine's own
 * vocabulary built on the training split, the token preview, and settings and format as undoable
 * project edits.
 */
class TextDataViewModelTest {
  private WorkbenchViewModel vm;
  private DataViewModel data;
  private TextDataViewModel text;
  private final List<String> errors = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    vm.setErrorHandler(errors::add);
    vm.newProject();
    data = new DataViewModel(vm, DataExecutors.sameThread());
    text = data.text();
  }

  private TextStats open(Path file) {
    data.openDataset(file);
    assertThat(text.activeProperty().get()).isTrue();
    assertThat(text.messageProperty().get()).isEmpty();
    assertThat(errors).isEmpty();
    return text.statsProperty().get();
  }

  private static List<List<String>> tokens(TextDataset d, List<Sample> samples, Tokenizer t) {
    return samples.stream().map(s -> t.tokenize(d.text(s))).toList();
  }

  @Test
  void sentiment140IsReadWithItsDecodingProblemsAndTwoClasses() {
    TextStats s = open(SharedText.file(SharedText.SENTIMENT140));
    TextLoad l = text.loadedProperty().get();
    assertThat(l.format().encoding()).isEqualTo(TextEncoding.UTF8_REPLACE);
    assertThat(l.dataset().classes()).containsExactly("0", "4");
    assertThat(l.dataset().labelMapping()).containsEntry("0", 0).containsEntry("4", 1);
    assertThat(s.rows()).hasSize(20_000);
    assertThat(l.dataset().decoding().values().iterator().next().problemLines()).isEqualTo(11);
    assertThat(s.balance().keySet()).containsExactly("train", "val");
    assertThat(s.balance().get("train")[0] + s.balance().get("train")[1]).isEqualTo(16_000);
    assertThat(l.columns()).hasSize(6);
    assertThat(l.proposal().reasons()).isNotEmpty();
    assertThat(text.shownRows()).hasSize(20_000);
    text.splitFilterProperty().set("val");
    assertThat(text.shownRows()).hasSize(4_000).allMatch(r -> r.split().equals("val"));
    text.classFilterProperty().set("4");
    assertThat(text.shownRows()).allMatch(r -> r.label().equals("4"));
    assertThat(text.shownRows().size()).isEqualTo(s.balance().get("val")[1]);
  }

  @Test
  void histogramCountsEveryRowAndTheTruncatedShareIsTheRowsLongerThanMaxLength() {
    TextStats s = open(SharedText.file(SharedText.YELP));
    assertThat(s.rows()).hasSize(1_000);
    TextStats.Histogram h = s.histogram(TokenLengthChart.BINS);
    assertThat(h.total()).isEqualTo(1_000);
    int longest = s.rows().stream().mapToInt(TextRow::tokens).max().orElseThrow();
    assertThat(h.counts().length * h.width()).isGreaterThan(longest);
    int w = h.width();
    for (int b = 0; b < h.counts().length; b++) {
      final int bin = b;
      assertThat(h.counts()[b])
          .isEqualTo(s.rows().stream().filter(r -> r.tokens() / w == bin).count());
    }
    text.setSettings(new TextSettings(Tokenizer.BASIC_ENGLISH, 1, null, 10, Padding.DYNAMIC));
    TextStats cut = text.statsProperty().get();
    assertThat(cut.truncated())
        .isEqualTo(s.rows().stream().filter(r -> r.tokens() > 10).count() / 1000.0)
        .isGreaterThan(0.3);
  }

  @Test
  void vocabularySizesAndOovRateAreTheEnginesOnTheTrainingSplit() throws Exception {
    Path file = SharedText.file(SharedText.SENTIMENT140);
    TextStats s = open(file);
    TextLoad l = text.loadedProperty().get();
    TextDataset d =
        TextDataset.split(
            file,
            l.format(),
            vm.current().training().valSplit(),
            0,
            vm.current().training().seed());
    List<List<String>> train = tokens(d, d.splits().train(), Tokenizer.BASIC_ENGLISH);
    Vocabulary v1 = Vocabulary.build(train, 1, null);
    Vocabulary v2 = Vocabulary.build(train, 2, null);
    assertThat(s.vocabulary()).isEqualTo(v1);
    assertThat(s.sizeByMinFreq().get(0)).isEqualTo(v1.size());
    assertThat(s.sizeByMinFreq().get(1)).isEqualTo(v2.size());
    assertThat(v2.size()).isLessThan(v1.size() / 2);

    long total = 0;
    long unknown = 0;
    for (List<String> t : tokens(d, d.splits().val(), Tokenizer.BASIC_ENGLISH)) {
      total += t.size();
      unknown += t.stream().filter(x -> v1.index(x) == Vocabulary.UNK_ID).count();
    }
    assertThat(s.oovRate()).isEqualTo(unknown / (double) total).isBetween(0.01, 0.5);

    text.setSettings(new TextSettings(Tokenizer.BASIC_ENGLISH, 2, null, 64, Padding.DYNAMIC));
    assertThat(text.statsProperty().get().vocabulary()).isEqualTo(v2);
    assertThat(text.statsProperty().get().oovRate()).isGreaterThan(s.oovRate());
    assertThat(text.statsProperty().get().topTokens()).hasSize(TextStats.TOP);
    assertThat(text.statsProperty().get().topTokens().get(0).getValue())
        .isGreaterThanOrEqualTo(text.statsProperty().get().topTokens().get(1).getValue());

    vm.commands().undo();
    assertThat(text.settingsProperty().get().minFreq()).isEqualTo(1);
    assertThat(text.statsProperty().get().vocabulary()).isEqualTo(v1);
  }

  @Test
  void thePreviewShowsTheSelectedRowsTokensAndIdsWithUnknownOnesMarked() {
    TextStats s = open(SharedText.file(SharedText.YELP));
    TextRow row = s.rows().stream().filter(r -> r.split().equals("val")).findFirst().orElseThrow();
    text.selectedProperty().set(row);
    TokenPreview p = text.previewProperty().get();
    List<String> expected = Tokenizer.BASIC_ENGLISH.tokenize(row.text());
    assertThat(p.tokens()).isEqualTo(expected.subList(0, Math.min(64, expected.size())));
    for (int i = 0; i < p.tokens().size(); i++) {
      assertThat(p.ids()[i]).isEqualTo(s.vocabulary().index(p.tokens().get(i)));
      assertThat(p.unknown(i)).isEqualTo(s.vocabulary().index(p.tokens().get(i)) == 0);
    }
    TokenPreview madeUp = TokenPreview.of("zzqx wow", s.settings(), s.vocabulary());
    assertThat(madeUp.unknown(0)).isTrue();
    assertThat(madeUp.unknownCount()).isEqualTo(1);

    text.setSettings(new TextSettings(Tokenizer.WHITESPACE, 1, null, 3, Padding.FIXED));
    TokenPreview cut = text.previewProperty().get();
    assertThat(text.selectedProperty().get())
        .isEqualTo(
            new TextRow(
                row.split(),
                row.text(),
                row.label(),
                Tokenizer.WHITESPACE.tokenize(row.text()).size()));
    assertThat(cut.tokens()).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aFormatOverrideIsAnUndoableEditThatReadsTheFileAgain() {
    Path file = SharedText.file(SharedText.YELP);
    open(file);
    TextFormat detected = text.loadedProperty().get().format();
    assertThat(detected.delimiter()).isEqualTo('\t');
    assertThat(detected.quoting()).isFalse();
    text.setFormat(
        new TextFormat(
            '\t', false, true, detected.textColumn(), detected.labelColumn(), detected.encoding()));
    assertThat(vm.current().text().format().quoting()).isTrue();
    assertThat(text.loadedProperty().get().format().quoting()).isTrue();
    vm.commands().undo();
    assertThat(vm.current().text().format()).isNull();
    assertThat(text.loadedProperty().get().format()).isEqualTo(detected);
    assertThat(text.statsProperty().get().rows()).hasSize(1_000);
  }
}
